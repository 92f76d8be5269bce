using Claro.Platform;

namespace Claro.Tenants;

public sealed class TenantSlugGrain(
    [PersistentState(StorageNames.TenantSlug, StorageNames.Provider)] IPersistentState<TenantSlugState> index)
    : Grain, ITenantSlugGrain
{
    public async Task<bool> ClaimAsync(string tenantId)
    {
        if (index.State.TenantId is { } holder)
            return holder == tenantId;

        index.State.TenantId = tenantId;
        await index.WriteStateAsync();
        return true;
    }

    public Task<string?> GetTenantIdAsync() => Task.FromResult(index.State.TenantId);
}
