using Claro.Platform;

namespace Claro.Catalog;

public sealed class StockGrain(
    [PersistentState(StorageNames.Stock, StorageNames.Provider)] IPersistentState<StockState> stock,
    TimeProvider clock) : Grain, IStockGrain
{
    private const int NamedInError = 20;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var key in stock.State.Keys)
            _values.Add(key.Value);
        return Task.CompletedTask;
    }

    public async Task<StockCounts> AddKeysAsync(IReadOnlyList<string> keys)
    {
        if (!await GrainFactory.GetGrain<IProductGrain>(this.GetPrimaryKeyString()).ExistsAsync())
            throw new NotFoundException();

        var errors = new FieldErrors();
        if (keys.Count is 0 or > StockRules.MaxKeysPerRequest)
            errors.Add("keys", $"Give 1-{StockRules.MaxKeysPerRequest} keys per request.");
        var trimmed = keys.Select(k => (k ?? "").Trim()).ToList();
        var badLengths = trimmed.Select((k, i) => (k, i)).Where(x => x.k.Length is 0 or > StockRules.MaxKeyLength).Select(x => x.i).ToList();
        if (badLengths.Count > 0)
            errors.Add("keys", $"Each key must be 1-{StockRules.MaxKeyLength} characters after trimming; these are not (0-based positions): {Listed(badLengths.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))}.");
        var repeated = trimmed.Where(k => k.Length > 0).GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            errors.Add("keys", $"Repeated in this request: {Listed(repeated)}.");
        var inStock = trimmed.Distinct(StringComparer.Ordinal).Where(_values.Contains).ToList();
        if (inStock.Count > 0)
            errors.Add("keys", $"Already in stock: {Listed(inStock)}.");
        if (stock.State.Keys.Count + trimmed.Count > StockRules.MaxKeysPerProduct)
            errors.Add("keys", $"A product holds at most {StockRules.MaxKeysPerProduct} keys; it has {stock.State.Keys.Count}.");
        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        var before = stock.State.Keys.Count;
        stock.State.Keys.AddRange(trimmed.Select(value => new StockKey { Value = value, AddedAt = now }));
        try
        {
            await stock.WriteStateAsync();
        }
        catch
        {
            stock.State.Keys.RemoveRange(before, trimmed.Count);
            throw;
        }
        _values.UnionWith(trimmed);
        return Counts();
    }

    public Task<StockCounts> GetCountsAsync() => Task.FromResult(Counts());

    private StockCounts Counts()
    {
        var now = clock.GetUtcNow();
        int available = 0, reserved = 0, assigned = 0;
        foreach (var key in stock.State.Keys)
        {
            if (key.AssignedTo is not null)
                assigned++;
            else if (key.ReservedBy is { } checkout
                     && stock.State.Reservations.TryGetValue(checkout, out var reservation)
                     && reservation.ExpiresAt > now)
                reserved++;
            else
                available++;
        }
        return new StockCounts(available, reserved, assigned);
    }

    private static string Listed(IEnumerable<string> items)
    {
        var all = items.ToList();
        var shown = string.Join(", ", all.Take(NamedInError));
        return all.Count > NamedInError ? $"{shown} and {all.Count - NamedInError} more" : shown;
    }
}
