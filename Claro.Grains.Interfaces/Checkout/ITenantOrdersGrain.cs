using Claro.Catalog;
using Claro.Platform;

namespace Claro.Checkout;

/// <summary>A tenant's orders from the orders read model, keyed by tenant id; a stateless reader.</summary>
[Alias("claro.tenant-orders")]
public interface ITenantOrdersGrain : IGrainWithStringKey
{
    /// <summary>Newest first; <paramref name="cursor"/> is the <see cref="OrderPage.NextCursor"/> of the page before.</summary>
    [Alias("list"), Allow(Who.TenantStaff)]
    Task<OrderPage> ListAsync(string? cursor, int limit);
}

[GenerateSerializer, Immutable, Alias("claro.order-summary")]
public sealed record OrderSummary(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string CheckoutId,
    [property: Id(2)] string BuyerId,
    [property: Id(3)] Money Subtotal,
    [property: Id(4)] Money PlatformFee,
    [property: Id(5)] string Status,
    [property: Id(6)] DateTimeOffset PaidAt);

[GenerateSerializer, Immutable, Alias("claro.order-page")]
public sealed record OrderPage(
    [property: Id(0)] IReadOnlyList<OrderSummary> Items,
    [property: Id(1)] string? NextCursor);
