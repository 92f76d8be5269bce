using System.Security.Claims;
using Claro.Api.Accounts;
using Claro.Api.Tenants;
using Claro.Carts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Carts;

public static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCartEndpoints(this IEndpointRouteBuilder routes)
    {
        var carts = routes.MapGroup("/api/carts").WithTags("Carts").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        carts.MapGet("/", ListAsync);
        carts.MapGet("/{tenant}", GetAsync);
        carts.MapPut("/{tenant}/items/{productId}", SetLineAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        carts.MapDelete("/{tenant}/items/{productId}", RemoveLineAsync);
        return routes;
    }

    public sealed record SetLineRequest(int Quantity);

    public sealed record CartList(IReadOnlyList<CartView> Items);

    private static async Task<Ok<CartList>> ListAsync(ClaimsPrincipal user, IClusterClient cluster)
    {
        var buyerId = user.UserId();
        var tenantIds = await cluster.GetGrain<IBuyerCartsGrain>(buyerId).GetTenantIdsAsync();
        var carts = await Task.WhenAll(tenantIds.Select(tenantId => cluster.GetGrain<ICartGrain>(CartKey.For(buyerId, tenantId)).GetAsync()));
        return TypedResults.Ok(new CartList(carts));
    }

    private static async Task<Ok<CartView>> GetAsync(string tenant, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await (await CartAsync(cluster, user, tenant)).GetAsync());

    private static async Task<Ok<CartView>> SetLineAsync(string tenant, string productId, SetLineRequest request, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await (await CartAsync(cluster, user, tenant)).SetLineAsync(productId, request.Quantity));

    private static async Task<Ok<CartView>> RemoveLineAsync(string tenant, string productId, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await (await CartAsync(cluster, user, tenant)).RemoveLineAsync(productId));

    private static async Task<ICartGrain> CartAsync(IClusterClient cluster, ClaimsPrincipal user, string tenantSlug) =>
        cluster.GetGrain<ICartGrain>(CartKey.For(user.UserId(), await TenantEndpoints.TenantIdBySlugAsync(cluster, tenantSlug)));
}
