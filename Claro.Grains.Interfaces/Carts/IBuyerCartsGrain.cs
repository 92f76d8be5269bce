using Claro.Platform;

namespace Claro.Carts;

/// <summary>
/// Which creators a buyer has a cart with, so listing carts needs no scan. Keyed by buyer id. A cart
/// emptied by its paid checkout stays listed (the list is read with each cart, and empty ones are skipped).
/// </summary>
[Alias("claro.buyer-carts")]
public interface IBuyerCartsGrain : IGrainWithStringKey
{
    [Alias("list"), Allow(Who.Self)]
    Task<IReadOnlyList<string>> GetTenantIdsAsync();

    [Alias("track"), Allow(Who.Internal)]
    Task TrackAsync(string tenantId, bool hasLines);
}
