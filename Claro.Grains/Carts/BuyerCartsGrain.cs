using Claro.Platform;

namespace Claro.Carts;

public sealed class BuyerCartsGrain(
    [PersistentState(StorageNames.BuyerCarts, StorageNames.Provider)] IPersistentState<BuyerCartsState> carts) : Grain, IBuyerCartsGrain
{
    public Task<IReadOnlyList<string>> GetTenantIdsAsync() => Task.FromResult<IReadOnlyList<string>>(carts.State.TenantIds.ToList());

    public async Task TrackAsync(string tenantId, bool hasLines)
    {
        var changed = hasLines ? carts.State.TenantIds.Add(tenantId) : carts.State.TenantIds.Remove(tenantId);
        if (changed)
            await carts.WriteStateAsync();
    }
}
