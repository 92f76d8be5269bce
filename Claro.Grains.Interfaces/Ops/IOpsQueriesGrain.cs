using Claro.Checkout;
using Claro.Platform;

namespace Claro.Ops;

/// <summary>What ops look at across tenants, read from the orders and audit read models.</summary>
[Alias("claro.ops-queries")]
public interface IOpsQueriesGrain : IGrainWithIntegerKey
{
    /// <summary>An order with its audit timeline (each Stripe event id, delivery, refund, dispute).</summary>
    [Alias("order"), Allow(Who.Ops)]
    Task<OrderTimeline> GetOrderAsync(string orderId);

    /// <summary>The audit log, newest first, optionally for one tenant and one kind.</summary>
    [Alias("audit"), Allow(Who.Ops)]
    Task<AuditPage> GetAuditAsync(string? tenantId, string? kind, string? cursor, int limit);
}

[GenerateSerializer, Immutable, Alias("claro.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] long AuditId,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] string TenantId,
    [property: Id(3)] string? OrderId,
    [property: Id(4)] string Kind,
    [property: Id(5)] string SourceEvent,
    [property: Id(6)] string Detail);

[GenerateSerializer, Immutable, Alias("claro.order-timeline")]
public sealed record OrderTimeline(
    [property: Id(0)] OrderSummary Order,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string? PaymentIntentId,
    [property: Id(3)] long Refunded,
    [property: Id(4)] IReadOnlyList<AuditEntry> Timeline);

[GenerateSerializer, Immutable, Alias("claro.audit-page")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Items,
    [property: Id(1)] string? NextCursor);
