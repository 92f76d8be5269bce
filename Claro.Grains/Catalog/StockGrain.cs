using Claro.Platform;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Claro.Catalog;

/// <summary>
/// A product's license keys (<see cref="LicenseKeyRows"/>). Not reentrant, so reservations and
/// assignments of one product are serialised; the rows' own lock covers a second activation.
/// </summary>
public sealed class StockGrain(
    [FromKeyedServices(StorageNames.Provider)] IGrainStorage grainStorage,
    NpgsqlDataSource database,
    TimeProvider clock) : Grain, IStockGrain
{
    private const int NamedInError = 20;

    private readonly EarlierStorage<StockState> _earlier = new(grainStorage, StorageNames.Stock);
    private LicenseKeyRows? _rows;

    /// <summary>
    /// Keys ever added, kept once there are any (keys are never removed). None is read again each
    /// time: another activation may have added keys since, and answering "not needed" then would
    /// sell the product without its keys.
    /// </summary>
    private int? _keyCount;

    private string ProductKey => this.GetPrimaryKeyString();

    private LicenseKeyRows Rows => _rows ??= new LicenseKeyRows(database, ProductKey, clock);

    public async Task<StockCounts> AddKeysAsync(IReadOnlyList<string> keys)
    {
        if (!await GrainFactory.GetGrain<IProductGrain>(ProductKey).ExistsAsync())
            throw new NotFoundException();

        var count = await KeyCountAsync();
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
        var inStock = await Rows.InStockAsync(trimmed.Where(k => k.Length is > 0 and <= StockRules.MaxKeyLength).Distinct(StringComparer.Ordinal).ToArray());
        if (inStock.Count > 0)
            errors.Add("keys", $"Already in stock: {Listed(inStock)}.");
        if (count + trimmed.Count > StockRules.MaxKeysPerProduct)
            errors.Add("keys", $"A product holds at most {StockRules.MaxKeysPerProduct} keys; it has {count}.");
        errors.ThrowIfAny();

        try
        {
            await Rows.AddAsync(trimmed);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another activation added one of these keys between the check above and the insert.
            throw new ValidationException("keys", "Some of these keys were added meanwhile; nothing was added. Send them again to see which.");
        }
        finally
        {
            // Read again rather than trust an insert whose outcome an error may hide.
            _keyCount = null;
        }
        return await GetCountsAsync();
    }

    public async Task<StockCounts> GetCountsAsync() =>
        await KeyCountAsync() == 0 ? new StockCounts(0, 0, 0) : await Rows.CountsAsync();

    public async Task<Reservation> ReserveAsync(string checkoutId, int quantity, DateTimeOffset expiresAt)
    {
        if (await KeyCountAsync() == 0)
            return Reservation.NotNeeded;
        return await Rows.ReserveAsync(checkoutId, quantity, expiresAt) ? Reservation.Reserved : Reservation.OutOfStock;
    }

    public async Task ReleaseAsync(string checkoutId)
    {
        if (await KeyCountAsync() > 0)
            await Rows.ReleaseAsync(checkoutId);
    }

    public async Task<IReadOnlyList<string>> AssignAsync(string checkoutId, string orderLineId, int quantity) =>
        await KeyCountAsync() == 0 ? [] : await Rows.AssignAsync(checkoutId, orderLineId, quantity);

    public async Task<IReadOnlyList<string>> GetAssignedAsync(string orderLineId) =>
        await KeyCountAsync() == 0 ? [] : await Rows.AssignedAsync(orderLineId);

    private async Task<int> KeyCountAsync()
    {
        if (_keyCount is { } known)
            return known;
        await _earlier.MoveOnceAsync(this.GetGrainId(), Rows.MoveAsync);
        var count = await Rows.CountAsync();
        _keyCount = count > 0 ? count : null;
        return count;
    }

    private static string Listed(IEnumerable<string> items)
    {
        var all = items.ToList();
        var shown = string.Join(", ", all.Take(NamedInError));
        return all.Count > NamedInError ? $"{shown} and {all.Count - NamedInError} more" : shown;
    }
}
