using Claro.Api.Tenants;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Platform;
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

    /// <summary>An audit row as API.md shapes ids: an opaque string.</summary>
    public sealed record AuditEntryView(string AuditId, DateTimeOffset OccurredAt, string TenantId, string? OrderId, string Kind, string SourceEvent, string Detail)
    {
        public static AuditEntryView Of(AuditEntry entry) => new(entry.AuditId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            entry.OccurredAt, entry.TenantId, entry.OrderId, entry.Kind, entry.SourceEvent, entry.Detail);
    }

    public sealed record AuditPageView(IReadOnlyList<AuditEntryView> Items, string? NextCursor);

    /// <param name="Refunded">Refunded so far, in the order's currency.</param>
    public sealed record OrderTimelineView(OrderSummary Order, string TenantId, string? PaymentIntentId, Money Refunded, IReadOnlyList<AuditEntryView> Timeline);

    private static async Task<Ok<OrderTimelineView>> GetOrderAsync(string orderId, IClusterClient cluster)
    {
        var order = await cluster.GetGrain<IOpsQueriesGrain>(0).GetOrderAsync(orderId);
        return TypedResults.Ok(new OrderTimelineView(order.Order, order.TenantId, order.PaymentIntentId,
            new Money(order.Refunded, order.Order.Subtotal.Currency), order.Timeline.Select(AuditEntryView.Of).ToList()));
    }

    /// <summary><paramref name="tenant"/> is a storefront slug; <paramref name="type"/> an audit kind such as <c>order.refunded</c>.</summary>
    private static async Task<Ok<AuditPageView>> GetAuditAsync(string? tenant, string? type, string? cursor, string? limit, IClusterClient cluster)
    {
        var tenantId = tenant is null ? null : await TenantEndpoints.TenantIdBySlugAsync(cluster, tenant);
        var page = await cluster.GetGrain<IOpsQueriesGrain>(0).GetAuditAsync(tenantId, type, cursor, Paging.Parse(limit));
        return TypedResults.Ok(new AuditPageView(page.Items.Select(AuditEntryView.Of).ToList(), page.NextCursor));
    }

    /// <summary>Platform admins set a tenant's fee; the tenant grain refuses anyone else.</summary>
    private static async Task<Ok<TenantAdminView>> SetSuspensionAsync(string tenant, SuspensionRequest request, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantEndpoints.TenantBySlugAsync(cluster, tenant)).SetSuspendedAsync(request.Suspended));

    private static async Task<Ok<TenantAdminView>> SetFeeRateAsync(string tenant, FeeRateRequest request, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantEndpoints.TenantBySlugAsync(cluster, tenant)).SetFeeRateAsync(request.FeeRateBps));
}
