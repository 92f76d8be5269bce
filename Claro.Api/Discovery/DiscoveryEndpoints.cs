using Claro.Api.Tenants;
using Claro.Discovery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Discovery;

/// <summary>
/// Marketplace and storefront discovery. Parameters are taken as the client wrote them; the search
/// grain validates them, so a bad one is a 400 naming it, never a binding error.
/// </summary>
public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder routes)
    {
        var discovery = routes.MapGroup("/api").WithTags("Discovery");
        discovery.MapGet("/products", SearchAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        discovery.MapGet("/tenants/{tenant}/products", StorefrontAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        discovery.MapGet("/categories", CategoriesAsync);
        return routes;
    }

    /// <summary>Every category in one page: <see cref="NextCursor"/> is always null, the shape of every list (API.md).</summary>
    public sealed record CategoryList(IReadOnlyList<CategoryCount> Items)
    {
        public string? NextCursor => null;
    }

    private static async Task<Ok<CatalogPage>> SearchAsync(
        string? q, string? category, string? tags, string? minPrice, string? maxPrice, string? tenant,
        string? sort, string? cursor, string? limit, IClusterClient cluster) =>
        TypedResults.Ok(await Search(cluster).SearchAsync(
            new CatalogQuery(null, q, category, tags, minPrice, maxPrice, tenant, sort, cursor, limit)));

    /// <summary>One storefront's public and private products; 404 for an unknown storefront.</summary>
    private static async Task<Ok<CatalogPage>> StorefrontAsync(
        string tenant, string? q, string? category, string? tags, string? minPrice, string? maxPrice,
        string? sort, string? cursor, string? limit, IClusterClient cluster)
    {
        var tenantId = await TenantEndpoints.TenantIdBySlugAsync(cluster, tenant);
        return TypedResults.Ok(await Search(cluster).SearchAsync(
            new CatalogQuery(tenantId, q, category, tags, minPrice, maxPrice, null, sort, cursor, limit)));
    }

    private static async Task<Ok<CategoryList>> CategoriesAsync(IClusterClient cluster) =>
        TypedResults.Ok(new CategoryList(await Search(cluster).GetCategoriesAsync()));

    private static ICatalogSearchGrain Search(IClusterClient cluster) => cluster.GetGrain<ICatalogSearchGrain>(ICatalogSearchGrain.Key);
}
