using System.Globalization;
using Claro.Platform;

namespace Claro.Catalog;

public sealed class TenantCatalogGrain(
    [PersistentState(StorageNames.TenantCatalog, StorageNames.Provider)] IPersistentState<TenantCatalogState> catalog)
    : Grain, ITenantCatalogGrain
{
    private readonly Dictionary<string, int> _positions = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < catalog.State.Products.Count; i++)
            _positions[catalog.State.Products[i].ProductId] = i;
        return Task.CompletedTask;
    }

    public Task<ProductList> ListAsync(string? cursor, int limit)
    {
        Paging.Check(limit);

        var products = catalog.State.Products;
        // Newest first: the cursor is the position of the next (older) product to show.
        var start = products.Count - 1;
        if (cursor is not null && (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start >= products.Count))
            throw new ValidationException("cursor", "Not a cursor this list gave out.");

        var items = new List<ProductSummary>(Math.Min(limit, start + 1));
        var position = start;
        for (; position >= 0 && items.Count < limit; position--)
            items.Add(products[position]);
        var next = position >= 0 ? position.ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new ProductList(items, next));
    }

    public async Task RecordAsync(ProductSummary product)
    {
        if (_positions.TryGetValue(product.ProductId, out var position))
        {
            var current = catalog.State.Products[position];
            if (current.Version >= product.Version)
                return;
            catalog.State.Products[position] = product;
        }
        else
        {
            _positions[product.ProductId] = catalog.State.Products.Count;
            catalog.State.Products.Add(product);
        }
        try
        {
            await catalog.WriteStateAsync();
        }
        catch
        {
            // The list in memory is ahead of storage now: start again from what was stored.
            DeactivateOnIdle();
            throw;
        }
    }
}
