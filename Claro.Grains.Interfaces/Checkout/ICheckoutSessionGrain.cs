using Claro.Catalog;
using Claro.Platform;

namespace Claro.Checkout;

/// <summary>
/// One checkout, keyed <c>{buyerId}/{checkoutId}</c>. Not reentrant: concurrent webhook retries
/// queue, and each Stripe event is applied at most once.
/// </summary>
[Alias("claro.checkout-session")]
public interface ICheckoutSessionGrain : IGrainWithStringKey
{
    /// <summary>Opens the session with lines already priced on the server and creates its Stripe Checkout Session.</summary>
    [Alias("open"), Allow(Who.Internal)]
    Task<CheckoutView> OpenAsync(OpenCheckout request);

    [Alias("get"), Allow(Who.Self)]
    Task<CheckoutView> GetAsync();

    /// <summary>
    /// A verified Stripe event about this session (or its payment); applied once, whatever the order
    /// of arrival. The delivery is recorded in the webhook inbox in the transaction that applies it;
    /// true when this was the event's first delivery.
    /// </summary>
    [Alias("apply-stripe-delivery"), Allow(Who.Internal)]
    Task<bool> ApplyStripeEventAsync(StripeEventNotice notice, StripeDelivery delivery);
}

[GenerateSerializer, Immutable, Alias("claro.priced-line")]
public sealed record PricedLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Title,
    [property: Id(2)] int Quantity,
    [property: Id(3)] Money UnitPrice)
{
    public Money Total => UnitPrice with { Amount = UnitPrice.Amount * Quantity };
}

[GenerateSerializer, Immutable, Alias("claro.open-checkout")]
public sealed record OpenCheckout(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string StripeAccountId,
    [property: Id(2)] IReadOnlyList<PricedLine> Lines,
    [property: Id(3)] Money Subtotal,
    [property: Id(4)] Money PlatformFee,
    [property: Id(5)] int FeeRateBps,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] long CartRevision,
    [property: Id(8)] IReadOnlyList<string> KeyedProductIds);

/// <summary>What the event says, in fields every Stripe API version has.</summary>
[GenerateSerializer, Immutable, Alias("claro.stripe-event-notice")]
public sealed record StripeEventNotice(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset Created,
    [property: Id(3)] string? PaymentStatus,
    [property: Id(4)] string? PaymentIntentId,
    [property: Id(5)] long? AmountRefunded = null,
    [property: Id(6)] string? ObjectStatus = null);

/// <summary>One arrival of a Stripe event, as the webhook inbox records it.</summary>
[GenerateSerializer, Immutable, Alias("claro.stripe-delivery")]
public sealed record StripeDelivery(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] string? ApiVersion,
    [property: Id(3)] byte[] PayloadSha256);

public enum CheckoutStatus
{
    Open,
    Paid,
    Fulfilled,
    Expired,
    Failed,
    Refunded,
    Disputed,
    Reinstated,
    DisputeLost,
}

[GenerateSerializer, Immutable, Alias("claro.checkout-view")]
public sealed record CheckoutView(
    [property: Id(0)] string CheckoutId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] CheckoutStatus Status,
    [property: Id(3)] IReadOnlyList<PricedLine> Lines,
    [property: Id(4)] Money Subtotal,
    [property: Id(5)] Money PlatformFee,
    [property: Id(6)] string? StripeSessionId,
    [property: Id(7)] string? Url,
    [property: Id(8)] string? OrderId,
    [property: Id(9)] DateTimeOffset CreatedAt);

public static class CheckoutRules
{
    /// <summary>Stripe's shortest allowed session lifetime is 30 minutes; a little more absorbs clock skew. Key reservations last as long.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(35);
}

public static class CheckoutKey
{
    public static string For(string buyerId, string checkoutId) => buyerId + TenantKey.Separator + checkoutId;
}

/// <summary>
/// The platform fee: subtotal × rate in basis points, rounded half up to a whole minor unit
/// (1999 × 1000 bps = 199.9 → 200). Never more than the subtotal.
/// </summary>
public static class PlatformFee
{
    public static Money Of(Money subtotal, int feeRateBps) =>
        subtotal with { Amount = Math.Min(subtotal.Amount, (subtotal.Amount * feeRateBps + 5_000) / 10_000) };
}

/// <summary>
/// The event was applied and its delivery recorded, but a step it owes failed: the step runs
/// again on the next delivery or activation. Stripe hears an error, so it delivers again.
/// </summary>
[GenerateSerializer, Alias("claro.fulfilment-pending")]
public sealed class FulfilmentPendingException : Exception
{
    public FulfilmentPendingException(string checkoutId, Exception cause)
        : base($"Checkout {checkoutId}: the event is applied, a step it owes failed and runs again: {cause.Message}", cause) { }
}
