using Claro.Platform;

namespace Claro.Catalog;

public sealed class ProductSlugGrain(
    [PersistentState(StorageNames.ProductSlug, StorageNames.Provider)] IPersistentState<ProductSlugState> index)
    : Grain, IProductSlugGrain
{
    public async Task<bool> ClaimAsync(string productId)
    {
        if (index.State.ProductId is { } holder)
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
