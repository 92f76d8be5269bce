using Claro.Platform;

namespace Claro.Carts;

/// <summary>Which creators a buyer has a non-empty cart with, so listing carts needs no scan. Keyed by buyer id.</summary>
[Alias("claro.buyer-carts")]
public interface IBuyerCartsGrain : IGrainWithStringKey
{
    [Alias("list"), Allow(Who.Self)]
    Task<IReadOnlyList<string>> GetTenantIdsAsync();

    [Alias("track"), Allow(Who.Internal)]
    Task TrackAsync(string tenantId, bool hasLines);
}
