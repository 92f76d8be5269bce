using Claro.Catalog;

namespace Claro.Checkout;

[GenerateSerializer, Alias("claro.checkout-session-state")]
public sealed class CheckoutSessionState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string TenantId { get; set; } = "";
    [Id(2)] public string StripeAccountId { get; set; } = "";
    [Id(3)] public List<PricedLine> Lines { get; set; } = [];
    [Id(4)] public Money Subtotal { get; set; }
    [Id(5)] public Money PlatformFee { get; set; }
    [Id(6)] public int FeeRateBps { get; set; }
    [Id(7)] public CheckoutStatus Status { get; set; }
    [Id(8)] public string? StripeSessionId { get; set; }
    [Id(9)] public string? Url { get; set; }
    [Id(10)] public string? PaymentIntentId { get; set; }
    [Id(11)] public string? OrderId { get; set; }
    [Id(12)] public DateTimeOffset CreatedAt { get; set; }
    [Id(13)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Stripe event ids already applied: a redelivery of any of them changes nothing.</summary>
    [Id(14)] public HashSet<string> AppliedEventIds { get; set; } = [];

    /// <summary>
    /// What the last transition still owes, persisted with the transition itself (write-ahead).
    /// Each step is idempotent by order id, so doing one twice after a crash does no harm.
    /// </summary>
    [Id(15)] public List<FulfilmentStep> PendingSteps { get; set; } = [];

    [Id(16)] public DateTimeOffset? PaidAt { get; set; }

    /// <summary>Audit rows owed, each under the Stripe event that caused it.</summary>
    [Id(17)] public List<AuditNote> PendingAudits { get; set; } = [];

    /// <summary>Refunded so far, in minor units (Stripe reports the running total).</summary>
    [Id(18)] public long RefundedAmount { get; set; }

    /// <summary>Creation time of the newest dispute event applied: an older one arriving late is only recorded.</summary>
    [Id(19)] public DateTimeOffset DisputeAsOf { get; set; }

    /// <summary>Stripe allows one dispute per charge: once it closed, a late "created" changes nothing.</summary>
    [Id(20)] public bool DisputeClosed { get; set; }

    /// <summary>The cart's revision when the checkout opened; null for sessions opened before carts kept one.</summary>
    [Id(21)] public long? CartRevision { get; set; }

    /// <summary>
    /// The products whose license keys the checkout reserved, the only lines that get keys; null
    /// for sessions opened before this was kept, whose every line is asked.
    /// </summary>
    [Id(22)] public List<string>? KeyedProductIds { get; set; }
}

[GenerateSerializer, Immutable, Alias("claro.audit-note")]
public sealed record AuditNote(
    [property: Id(0)] string Kind,
    [property: Id(1)] string StripeEventId,
    [property: Id(2)] long? AmountRefunded);

/// <summary>Numbered explicitly: the numbers are what a stored write-ahead holds.</summary>
public enum FulfilmentStep
{
    /// <summary>The orders row, its sales counters (once, when the row is new) and the owed audit rows, in one transaction.</summary>
    RecordOrder = 0,

    /// <summary>
    /// Access and cart steps: owed by a transition, each is written as its statement (on the
    /// buyer's entitlements, on the cart's lines) with the write-ahead and replaced by
    /// <see cref="InvalidateLibrary"/> or <see cref="InvalidateCart"/>. Stored as such only by an
    /// earlier Claro's write-ahead, which did not write them.
    /// </summary>
    GrantAccess = 1,
    RevokeAccess = 5,
    SuspendAccess = 6,
    RestoreAccess = 7,
    ClearCart = 8,
    AssignKeys = 9,
    ReleaseKeys = 10,

    /// <summary>The buyer's library forgets the entitlements it read, which the write-ahead changed.</summary>
    InvalidateLibrary = 11,

    /// <summary>The cart forgets the lines it read, from which the write-ahead took the paid ones.</summary>
    InvalidateCart = 12,
}
