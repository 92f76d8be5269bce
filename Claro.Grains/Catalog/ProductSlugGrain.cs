using Claro.Platform;

namespace Claro.Catalog;

public sealed class ProductSlugGrain(
    [PersistentState(StorageNames.ProductSlug, StorageNames.Provider)] IPersistentState<ProductSlugState> index)
    : Grain, IProductSlugGrain
{
    /// <summary>
    /// A slug held by a product that does not go by it (its creation or rename died between the claim
    /// and the save, or before the old slug was let go) goes to the next claimant. The holder's grain is
    /// not reentrant, so a create or rename still in flight finishes before it answers.
    /// </summary>
    public async Task<bool> ClaimAsync(string productId)
    {
        if (index.State.ProductId is { } holder
            && (holder == productId || await GrainFactory.GetGrain<IProductGrain>(TenantKey.For(TenantKey.TenantOf(this.GetPrimaryKeyString()), holder)).HoldsSlugAsync(TenantKey.IdOf(this.GetPrimaryKeyString()))))
            return holder == productId;

        index.State.ProductId = productId;
        await index.WriteStateAsync();
        return true;
    }

    public async Task ReleaseAsync(string productId)
    {
        if (index.State.ProductId != productId)
            return;
        index.State.ProductId = null;
        await index.WriteStateAsync();
    }

    public Task<string?> GetProductIdAsync() => Task.FromResult(index.State.ProductId);
}
