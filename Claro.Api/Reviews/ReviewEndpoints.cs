using System.Security.Claims;
using Claro.Api.Accounts;
using Claro.Api.Catalog;
using Claro.Library;
using Claro.Platform;
using Claro.Reviews;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Reviews;

public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder routes)
    {
        // Buyers only: without a live purchase these routes answer the 404 of a product that does not exist.
        var buyer = routes.MapGroup("/api/products/{productId}/reviews").WithTags("Reviews").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        buyer.MapPost("/", AddAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        buyer.MapGet("/mine", GetMineAsync);
        buyer.MapPut("/mine", EditMineAsync).ProducesProblem(StatusCodes.Status400BadRequest);

        routes.MapGet("/api/tenants/{tenant}/products/{product}/reviews", ListAsync).WithTags("Reviews")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Created<Review>> AddAsync(string productId, ReviewDraft review, ClaimsPrincipal user, IClusterClient cluster)
    {
        var created = await (await ReviewsAsync(cluster, user, productId)).AddAsync(review);
        return TypedResults.Created($"/api/products/{productId}/reviews/mine", created);
    }

    private static async Task<Ok<Review>> GetMineAsync(string productId, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await (await ReviewsAsync(cluster, user, productId)).GetMineAsync());

    private static async Task<Ok<Review>> EditMineAsync(string productId, ReviewDraft review, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(await (await ReviewsAsync(cluster, user, productId)).EditMineAsync(review));

    /// <summary>Public: a storefront's product (by slugs), newest first; 404 unless the product has a page.</summary>
    private static async Task<Ok<ReviewPage>> ListAsync(string tenant, string product, string? cursor, string? limit, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IProductReviewsGrain>(await CatalogEndpoints.ProductKeyBySlugAsync(cluster, tenant, product))
            .ListAsync(cursor, limit));

    /// <summary>
    /// The product's reviews grain, found through the buyer's own entitlement, which names the tenant
    /// that sold it: no purchase, no tenant, the same 404 as for a product that does not exist. The
    /// grain checks the purchase again.
    /// </summary>
    private static async Task<IProductReviewsGrain> ReviewsAsync(IClusterClient cluster, ClaimsPrincipal user, string productId)
    {
        var entitlement = await cluster.GetGrain<IBuyerLibraryGrain>(user.UserId()).RequireLiveAsync(productId);
        return cluster.GetGrain<IProductReviewsGrain>(TenantKey.For(entitlement.TenantId, productId));
    }
}
