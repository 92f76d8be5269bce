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

    public async Task<Reservation> ReserveAsync(string checkoutId, int quantity, DateTimeOffset expiresAt)
    {
        if (stock.State.Keys.Count == 0)
            return Reservation.NotNeeded;
        if (stock.State.Reservations.ContainsKey(checkoutId))
            return Reservation.Reserved;

        var free = FreeKeys().Take(quantity).ToList();
        if (free.Count < quantity)
            return Reservation.OutOfStock;
        foreach (var index in free)
            Hold(index, checkoutId);
        stock.State.Reservations[checkoutId] = new StockReservation { Keys = free, ExpiresAt = expiresAt };
        await stock.WriteStateAsync();
        return Reservation.Reserved;
    }

    public async Task ReleaseAsync(string checkoutId)
    {
        if (!stock.State.Reservations.Remove(checkoutId, out var reservation))
            return;
        foreach (var index in reservation.Keys.Where(i => stock.State.Keys[i].ReservedBy == checkoutId))
            stock.State.Keys[index].ReservedBy = null;
        await stock.WriteStateAsync();
    }

    public async Task<IReadOnlyList<string>> AssignAsync(string checkoutId, string orderLineId, int quantity)
    {
        if (stock.State.Assignments.TryGetValue(orderLineId, out var done))
            return done.Select(i => stock.State.Keys[i].Value).ToList();
        if (stock.State.Keys.Count == 0)
            return [];

        // The checkout's own held keys first (even past their expiry, if nobody took them), then any free key.
        var held = stock.State.Reservations.TryGetValue(checkoutId, out var reservation)
            ? reservation.Keys.Where(i => stock.State.Keys[i] is { AssignedTo: null } key && key.ReservedBy == checkoutId)
            : [];
        var chosen = held.Concat(FreeKeys()).Distinct().Take(quantity).ToList();
        foreach (var index in chosen)
        {
            stock.State.Keys[index].AssignedTo = orderLineId;
            stock.State.Keys[index].ReservedBy = null;
        }
        stock.State.Assignments[orderLineId] = chosen;
        stock.State.Reservations.Remove(checkoutId);
        await stock.WriteStateAsync();
        return chosen.Select(i => stock.State.Keys[i].Value).ToList();
    }

    public Task<IReadOnlyList<string>> GetAssignedAsync(string orderLineId) =>
        Task.FromResult<IReadOnlyList<string>>(stock.State.Assignments.TryGetValue(orderLineId, out var keys)
            ? keys.Select(i => stock.State.Keys[i].Value).ToList()
            : []);

    /// <summary>Keys neither assigned nor held by a reservation that is still running.</summary>
    private IEnumerable<int> FreeKeys()
    {
        var now = clock.GetUtcNow();
        for (var index = 0; index < stock.State.Keys.Count; index++)
        {
            var key = stock.State.Keys[index];
            if (key.AssignedTo is null && !IsHeld(key, now))
                yield return index;
        }
    }

    private bool IsHeld(StockKey key, DateTimeOffset now) =>
        key.ReservedBy is { } checkout
        && stock.State.Reservations.TryGetValue(checkout, out var reservation)
        && reservation.ExpiresAt > now;

    /// <summary>Moves a key to a checkout, taking it out of an expired reservation that still lists it.</summary>
    private void Hold(int index, string checkoutId)
    {
        var key = stock.State.Keys[index];
        if (key.ReservedBy is { } previous && stock.State.Reservations.TryGetValue(previous, out var expired))
            expired.Keys.Remove(index);
        key.ReservedBy = checkoutId;
    }

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
