using System.Security.Claims;
using Claro.Api.Accounts;
using Claro.Api.Tenants;
using Claro.Carts;
using Claro.Catalog;
using Claro.Checkout;
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
        carts.MapPost("/{tenant}/checkout", CheckoutAsync).ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGet("/api/checkouts/{checkoutId}", GetCheckoutAsync).WithTags("Carts").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public sealed record SetLineRequest(int Quantity);

    /// <summary>All the buyer's carts (one per creator) in one page: <see cref="NextCursor"/> is always null, the shape of every list (API.md).</summary>
    public sealed record CartList(IReadOnlyList<CartView> Items)
    {
        public string? NextCursor => null;
    }

    /// <summary>
    /// What the buyer's page showed, product id → unit price: only to notice a change (409
    /// <c>price_changed</c>); the checkout is always priced on the server.
    /// </summary>
    public sealed record CheckoutRequest(Dictionary<string, Money>? SeenPrices);

    private static async Task<Ok<CartList>> ListAsync(ClaimsPrincipal user, IClusterClient cluster)
    {
        var buyerId = user.UserId();
        var tenantIds = await cluster.GetGrain<IBuyerCartsGrain>(buyerId).GetTenantIdsAsync();
        var carts = await Task.WhenAll(tenantIds.Select(tenantId => cluster.GetGrain<ICartGrain>(CartKey.For(buyerId, tenantId)).GetAsync()));
        return TypedResults.Ok(new CartList(carts.Where(cart => cart.Lines.Count > 0).ToList()));
    }

    private static async Task<Ok<CartView>> GetAsync(string tenant, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await (await CartAsync(cluster, user, tenant)).GetAsync());

    private static async Task<Ok<CartView>> SetLineAsync(string tenant, string productId, SetLineRequest request, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await (await CartAsync(cluster, user, tenant)).SetLineAsync(productId, request.Quantity));

    private static async Task<Ok<CartView>> RemoveLineAsync(string tenant, string productId, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await (await CartAsync(cluster, user, tenant)).RemoveLineAsync(productId));

    private static async Task<Created<CheckoutView>> CheckoutAsync(string tenant, CheckoutRequest? request, ClaimsPrincipal user, IClusterClient cluster)
    {
        var checkout = await (await CartAsync(cluster, user, tenant)).CheckoutAsync(request?.SeenPrices ?? []);
        return TypedResults.Created($"/api/checkouts/{checkout.CheckoutId}", checkout);
    }

    private static async Task<Ok<CheckoutView>> GetCheckoutAsync(string checkoutId, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<ICheckoutSessionGrain>(CheckoutKey.For(user.UserId(), checkoutId)).GetAsync());

    private static async Task<ICartGrain> CartAsync(IClusterClient cluster, ClaimsPrincipal user, string tenantSlug) =>
        cluster.GetGrain<ICartGrain>(CartKey.For(user.UserId(), await TenantEndpoints.TenantIdBySlugAsync(cluster, tenantSlug)));
}
