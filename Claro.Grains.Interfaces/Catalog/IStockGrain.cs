using Claro.Platform;

namespace Claro.Catalog;

/// <summary>
/// The license keys a product sells, one grain per product, keyed like the product
/// (<see cref="TenantKey.For"/>(tenantId, productId)). Keys move available → reserved (with an
/// expiry, at checkout) → assigned (exactly once per order line); reservation and assignment
/// arrive with the money path.
/// </summary>
[Alias("claro.stock")]
public interface IStockGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds keys, trimmed. All or nothing: a blank or over-long key, or one repeated in the request or
    /// already in stock, rejects the whole request (400 on <c>keys</c>, naming the repeats).
    /// </summary>
    [Alias("add-keys"), Allow(Who.TenantStaff)]
    Task<StockCounts> AddKeysAsync(IReadOnlyList<string> keys);

    /// <summary>How many keys are in each state.</summary>
    [Alias("counts"), Allow(Who.TenantStaff)]
    Task<StockCounts> GetCountsAsync();

    /// <summary>
    /// Holds <paramref name="quantity"/> keys for a checkout until <paramref name="expiresAt"/>.
    /// Asking again for the same checkout answers the same. A product that has never had keys
    /// needs none and answers <see cref="Reservation.NotNeeded"/>.
    /// </summary>
    [Alias("reserve"), Allow(Who.Internal)]
    Task<Reservation> ReserveAsync(string checkoutId, int quantity, DateTimeOffset expiresAt);

    /// <summary>Gives a checkout's held keys back (session expired, payment failed).</summary>
    [Alias("release"), Allow(Who.Internal)]
    Task ReleaseAsync(string checkoutId);

    /// <summary>
    /// Assigns keys to a paid order line, one per unit, from the checkout's reservation first, and
    /// answers all the line's keys. A key goes to one line, for good; asking again assigns only what
    /// the line still lacks: nothing once it has its keys, and otherwise (its hold lapsed and others
    /// took the keys) whatever the stock has by then.
    /// </summary>
    [Alias("assign"), Allow(Who.Internal)]
    Task<IReadOnlyList<string>> AssignAsync(string checkoutId, string orderLineId, int quantity);

    /// <summary>The keys an order line received (none for a product sold without keys).</summary>
    [Alias("assigned"), Allow(Who.Internal)]
    Task<IReadOnlyList<string>> GetAssignedAsync(string orderLineId);
}

[GenerateSerializer, Immutable, Alias("claro.stock-counts")]
public sealed record StockCounts(
    [property: Id(0)] int Available,
    [property: Id(1)] int Reserved,
    [property: Id(2)] int Assigned);

public enum Reservation
{
    NotNeeded,
    Reserved,
    OutOfStock,
}

public static class StockRules
{
    public const int MaxKeyLength = 200;
    public const int MaxKeysPerRequest = 1_000;
    public const int MaxKeysPerProduct = 50_000;
}
