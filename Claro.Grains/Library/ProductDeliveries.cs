using System.Collections.Concurrent;
using Claro.Catalog;

namespace Claro.Library;

/// <summary>
/// What products deliver, kept for a moment on each silo, so a buyer's repeated purchase checks (a
/// reload, a player's range requests, many buyers of one product) do not each call the product
/// grain. Read only after the library's own entitlement check. The product grain forgets its entry
/// on its own silo when it writes, so there a change shows at once (a read already in flight may
/// keep the old one); other silos see it within <see cref="KeepFor"/>.
/// </summary>
public sealed class ProductDeliveries(TimeProvider clock)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(2);
    private const int MaxKept = 10_000;

    private readonly ConcurrentDictionary<string, (ProductDelivery Delivery, DateTimeOffset Until)> _kept = new(StringComparer.Ordinal);

    /// <param name="productKey">The product grain's key, <c>{tenantId}/{productId}</c>.</param>
    public async Task<ProductDelivery> GetAsync(IGrainFactory grains, string productKey)
    {
        var now = clock.GetUtcNow();
        if (_kept.TryGetValue(productKey, out var kept) && kept.Until > now)
            return kept.Delivery;
        var delivery = await grains.GetGrain<IProductGrain>(productKey).GetDeliveryAsync();
        if (_kept.Count >= MaxKept)
            _kept.Clear();
        _kept[productKey] = (delivery, now + KeepFor);
        return delivery;
    }

    public void Forget(string productKey) => _kept.TryRemove(productKey, out _);
}
