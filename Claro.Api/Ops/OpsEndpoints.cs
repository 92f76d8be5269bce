using Claro.Platform;
using Claro.Api.Tenants;
using Claro.Ops;
using Claro.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Ops;

public static class OpsEndpoints
{
    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder routes)
    {
        var ops = routes.MapGroup("/api/ops").WithTags("Ops").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        ops.MapPut("/tenants/{tenant}/fee-rate", SetFeeRateAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        ops.MapPut("/tenants/{tenant}/suspension", SetSuspensionAsync);
        ops.MapGet("/orders/{orderId}", GetOrderAsync);
        ops.MapGet("/audit", GetAuditAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    public sealed record FeeRateRequest(int FeeRateBps);

    public sealed record SuspensionRequest(bool Suspended);

    private static async Task<Ok<OrderTimeline>> GetOrderAsync(string orderId, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IOpsQueriesGrain>(0).GetOrderAsync(orderId));

    /// <summary><paramref name="tenant"/> is a storefront slug; <paramref name="type"/> an audit kind such as <c>order.refunded</c>.</summary>
    private static async Task<Ok<AuditPage>> GetAuditAsync(string? tenant, string? type, string? cursor, string? limit, IClusterClient cluster)
    {
        var tenantId = tenant is null ? null : await TenantEndpoints.TenantIdBySlugAsync(cluster, tenant);
        return TypedResults.Ok(await cluster.GetGrain<IOpsQueriesGrain>(0).GetAuditAsync(tenantId, type, cursor, Paging.Parse(limit)));
    }

    /// <summary>Platform admins set a tenant's fee; the tenant grain refuses anyone else.</summary>
    private static async Task<Ok<TenantAdminView>> SetSuspensionAsync(string tenant, SuspensionRequest request, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantEndpoints.TenantBySlugAsync(cluster, tenant)).SetSuspendedAsync(request.Suspended));

    private static async Task<Ok<TenantAdminView>> SetFeeRateAsync(string tenant, FeeRateRequest request, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantEndpoints.TenantBySlugAsync(cluster, tenant)).SetFeeRateAsync(request.FeeRateBps));
}
