using Claro.Platform;

namespace Claro.Tenants;

public sealed class TenantSlugGrain(
    [PersistentState(StorageNames.TenantSlug, StorageNames.Provider)] IPersistentState<TenantSlugState> index)
    : Grain, ITenantSlugGrain
{
    /// <summary>
    /// A slug held by a tenant that was never saved (its creation died between the claim and the
    /// save) goes to the next claimant. The holder's grain is not reentrant, so a creation still in
    /// flight finishes before it answers whether it exists: a live claim is never taken.
    /// </summary>
    public async Task<bool> ClaimAsync(string tenantId)
    {
        if (index.State.TenantId is { } holder
            && (holder == tenantId || await GrainFactory.GetGrain<ITenantGrain>(holder).ExistsAsync()))
            return holder == tenantId;

        index.State.TenantId = tenantId;
        await index.WriteStateAsync();
        return true;
    }

    public Task<string?> GetTenantIdAsync() => Task.FromResult(index.State.TenantId);
}
