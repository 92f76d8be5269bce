using Claro.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Tenants;

public static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        var tenants = routes.MapGroup("/api/tenants").WithTags("Tenants");
        tenants.MapPost("/", CreateAsync).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tenants.MapGet("/{tenant}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public sealed record CreateTenantRequest(string Name, string? Slug);

    private static async Task<Created<Storefront>> CreateAsync(CreateTenantRequest request, IClusterClient cluster)
    {
        var tenantId = "t_" + Guid.NewGuid().ToString("N");
        var storefront = await cluster.GetGrain<ITenantGrain>(tenantId)
            .CreateAsync(new CreateTenant(request.Name ?? "", request.Slug));
        return TypedResults.Created($"/api/tenants/{storefront.Slug}", storefront);
    }

    private static async Task<Ok<Storefront>> GetAsync(string tenant, IClusterClient cluster)
    {
        var tenantId = await cluster.GetGrain<ITenantSlugGrain>(tenant.ToLowerInvariant()).GetTenantIdAsync()
            ?? throw new Claro.Platform.NotFoundException();
        return TypedResults.Ok(await cluster.GetGrain<ITenantGrain>(tenantId).GetStorefrontAsync());
    }
}
