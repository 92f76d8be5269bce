using Claro.Platform;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace Claro.Catalog;

/// <summary>
/// A product's license keys, rows of <c>license_keys</c> of which this grain (not reentrant) is the
/// only writer, so reservations and assignments of one product are serialised. Each writes the rows
/// it changes, in a transaction that first takes the product's stock lock: Orleans can briefly run
/// two activations of one grain, and two of them must never hand out the same key.
/// </summary>
public sealed class StockGrain(
    [FromKeyedServices(StorageNames.Provider)] IGrainStorage grainStorage,
    NpgsqlDataSource database,
    TimeProvider clock) : Grain, IStockGrain
{
    private const int NamedInError = 20;

    /// <summary>Neither assigned nor held by a reservation that is still running.</summary>
    private const string Free = "assigned_to IS NULL AND (reserved_by IS NULL OR reserved_until <= @now)";

    private const string Held = "assigned_to IS NULL AND reserved_by IS NOT NULL AND reserved_until > @now";

    /// <summary>Arbitrary but fixed ("Clar"): the first half of every stock lock's key, the product key's hash the second.</summary>
    private const int StockLockClass = 0x436C6172;

    private readonly EarlierStorage<StockState> _earlier = new(grainStorage, StorageNames.Stock);

    /// <summary>Keys ever added, read once per activation: most products have none, and every checkout line asks.</summary>
    private int? _keyCount;

    private string ProductKey => this.GetPrimaryKeyString();

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
        var inStock = await InStockAsync(trimmed.Where(k => k.Length is > 0 and <= StockRules.MaxKeyLength).Distinct(StringComparer.Ordinal).ToArray());
        if (inStock.Count > 0)
            errors.Add("keys", $"Already in stock: {Listed(inStock)}.");
        if (count + trimmed.Count > StockRules.MaxKeysPerProduct)
            errors.Add("keys", $"A product holds at most {StockRules.MaxKeysPerProduct} keys; it has {count}.");
        errors.ThrowIfAny();

        try
        {
            await LockedAsync(async connection =>
            {
                await using var insert = Command("""
                    INSERT INTO license_keys (product_key, position, value, added_at)
                    SELECT @product, next.position + added.ordinality::integer - 1, added.value, @now
                    FROM unnest(@values) WITH ORDINALITY AS added(value, ordinality),
                         (SELECT coalesce(max(position) + 1, 0) AS position FROM license_keys WHERE product_key = @product) AS next
                    """, connection);
                insert.Parameters.Add(new NpgsqlParameter("values", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = trimmed.ToArray() });
                return await insert.ExecuteNonQueryAsync();
            });
        }
        finally
        {
            // Read again rather than trust an insert whose outcome an error may hide.
            _keyCount = null;
        }
        return await GetCountsAsync();
    }

    public async Task<StockCounts> GetCountsAsync()
    {
        if (await KeyCountAsync() == 0)
            return new StockCounts(0, 0, 0);
        await using var command = Command($"""
            SELECT count(*) FILTER (WHERE {Free}), count(*) FILTER (WHERE {Held}), count(*) FILTER (WHERE assigned_to IS NOT NULL)
            FROM license_keys WHERE product_key = @product
            """);
        await using var row = await command.ExecuteReaderAsync();
        await row.ReadAsync();
        return new StockCounts((int)row.GetInt64(0), (int)row.GetInt64(1), (int)row.GetInt64(2));
    }

    public async Task<Reservation> ReserveAsync(string checkoutId, int quantity, DateTimeOffset expiresAt)
    {
        if (await KeyCountAsync() == 0)
            return Reservation.NotNeeded;
        // Asked again for a checkout that holds keys: the same answer. Otherwise all the keys or none.
        return await LockedAsync(async connection =>
        {
            await using var command = Command($"""
                WITH holding AS (
                    SELECT FROM license_keys WHERE product_key = @product AND reserved_by = @checkout AND assigned_to IS NULL LIMIT 1),
                free AS (
                    SELECT position FROM license_keys WHERE product_key = @product AND {Free} ORDER BY position LIMIT @quantity),
                taken AS (
                    UPDATE license_keys SET reserved_by = @checkout, reserved_until = @until
                    WHERE product_key = @product AND position IN (SELECT position FROM free)
                      AND NOT EXISTS (SELECT FROM holding) AND (SELECT count(*) FROM free) = @quantity
                    RETURNING position)
                SELECT EXISTS (SELECT FROM holding) OR (SELECT count(*) FROM taken) = @quantity
                """, connection);
            command.Parameters.Add(new NpgsqlParameter("checkout", NpgsqlDbType.Text) { Value = checkoutId });
            command.Parameters.Add(new NpgsqlParameter("quantity", NpgsqlDbType.Integer) { Value = quantity });
            command.Parameters.Add(new NpgsqlParameter("until", NpgsqlDbType.TimestampTz) { Value = expiresAt.UtcDateTime });
            return (bool)(await command.ExecuteScalarAsync())! ? Reservation.Reserved : Reservation.OutOfStock;
        });
    }

    public async Task ReleaseAsync(string checkoutId)
    {
        if (await KeyCountAsync() == 0)
            return;
        await LockedAsync(async connection =>
        {
            await using var release = Command(ReleaseSql, connection);
            release.Parameters.Add(new NpgsqlParameter("checkout", NpgsqlDbType.Text) { Value = checkoutId });
            return await release.ExecuteNonQueryAsync();
        });
    }

    public async Task<IReadOnlyList<string>> AssignAsync(string checkoutId, string orderLineId, int quantity)
    {
        if (await KeyCountAsync() == 0)
            return [];
        return await LockedAsync<IReadOnlyList<string>>(async connection =>
        {
            // Only what the line still lacks, so asking again never adds to a line that has its keys:
            // the checkout's own held keys first (even past their expiry, if nobody took them), then
            // any free key; then whatever else the checkout held goes back.
            await using var assign = Command($"""
                WITH owed AS (
                    SELECT greatest(@quantity - count(*), 0) AS keys FROM license_keys WHERE product_key = @product AND assigned_to = @line),
                chosen AS (
                    SELECT position FROM license_keys
                    WHERE product_key = @product AND (reserved_by = @checkout AND assigned_to IS NULL OR {Free})
                    ORDER BY reserved_by IS NOT DISTINCT FROM @checkout DESC, position
                    LIMIT (SELECT keys FROM owed))
                UPDATE license_keys SET assigned_to = @line, reserved_by = NULL, reserved_until = NULL
                WHERE product_key = @product AND position IN (SELECT position FROM chosen)
                """, connection);
            assign.Parameters.Add(new NpgsqlParameter("checkout", NpgsqlDbType.Text) { Value = checkoutId });
            assign.Parameters.Add(new NpgsqlParameter("line", NpgsqlDbType.Text) { Value = orderLineId });
            assign.Parameters.Add(new NpgsqlParameter("quantity", NpgsqlDbType.Integer) { Value = quantity });
            await assign.ExecuteNonQueryAsync();
            await using var release = Command(ReleaseSql, connection);
            release.Parameters.Add(new NpgsqlParameter("checkout", NpgsqlDbType.Text) { Value = checkoutId });
            await release.ExecuteNonQueryAsync();
            return await AssignedAsync(orderLineId, connection);
        });
    }

    public async Task<IReadOnlyList<string>> GetAssignedAsync(string orderLineId) =>
        await KeyCountAsync() == 0 ? [] : await AssignedAsync(orderLineId, connection: null);

    private async Task<List<string>> AssignedAsync(string orderLineId, NpgsqlConnection? connection)
    {
        await using var command = Command("SELECT value FROM license_keys WHERE product_key = @product AND assigned_to = @line ORDER BY position", connection);
        command.Parameters.Add(new NpgsqlParameter("line", NpgsqlDbType.Text) { Value = orderLineId });
        var values = new List<string>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
            values.Add(rows.GetString(0));
        return values;
    }

    /// <summary>Runs <paramref name="write"/> in a transaction holding this product's stock lock, which every writer of its keys takes first.</summary>
    private async Task<T> LockedAsync<T>(Func<NpgsqlConnection, Task<T>> write)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var stockLock = Command("SELECT pg_advisory_xact_lock(@class, hashtext(@product))", connection))
        {
            stockLock.Parameters.Add(new NpgsqlParameter("class", NpgsqlDbType.Integer) { Value = StockLockClass });
            await stockLock.ExecuteNonQueryAsync();
        }
        var result = await write(connection);
        await transaction.CommitAsync();
        return result;
    }

    private async Task<int> KeyCountAsync()
    {
        if (_keyCount is { } known)
            return known;
        await _earlier.MoveOnceAsync(this.GetGrainId(), MoveAsync);
        // Positions run from 0 without gaps: keys are only ever added, all of a request or none.
        await using var command = Command("SELECT coalesce(max(position) + 1, 0) FROM license_keys WHERE product_key = @product");
        var count = (int)(await command.ExecuteScalarAsync())!;
        _keyCount = count;
        return count;
    }

    private async Task<List<string>> InStockAsync(string[] values)
    {
        if (values.Length == 0)
            return [];
        await using var command = Command("SELECT value FROM license_keys WHERE product_key = @product AND value = ANY(@values) ORDER BY position");
        command.Parameters.Add(new NpgsqlParameter("values", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values });
        var found = new List<string>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
            found.Add(rows.GetString(0));
        return found;
    }

    private const string ReleaseSql =
        "UPDATE license_keys SET reserved_by = NULL, reserved_until = NULL WHERE product_key = @product AND reserved_by = @checkout AND assigned_to IS NULL";

    /// <summary>
    /// A command with the product key and the current time, the parameters every statement here
    /// shares; on <paramref name="connection"/> (and its transaction) when given.
    /// </summary>
    private NpgsqlCommand Command(string sql, NpgsqlConnection? connection = null)
    {
        var command = connection is null ? database.CreateCommand(sql) : new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("product", NpgsqlDbType.Text) { Value = ProductKey });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = clock.GetUtcNow().UtcDateTime });
        return command;
    }

    /// <summary>A stock an earlier Claro kept in Orleans grain storage: every key at its position, held and assigned as it was.</summary>
    private async Task MoveAsync(StockState earlier)
    {
        if (earlier.Keys.Count == 0)
            return;
        DateTime? HeldUntil(StockKey key) =>
            key.ReservedBy is { } checkout && earlier.Reservations.TryGetValue(checkout, out var reservation) ? reservation.ExpiresAt.UtcDateTime : null;
        await using var command = Command("""
            INSERT INTO license_keys (product_key, position, value, added_at, reserved_by, reserved_until, assigned_to)
            SELECT @product, earlier.ordinality::integer - 1, earlier.value, earlier.added_at, earlier.reserved_by, earlier.reserved_until, earlier.assigned_to
            FROM unnest(@values, @added, @reserved_by, @reserved_until, @assigned_to)
                 WITH ORDINALITY AS earlier(value, added_at, reserved_by, reserved_until, assigned_to, ordinality)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter("values", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = earlier.Keys.Select(k => k.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("added", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = earlier.Keys.Select(k => k.AddedAt.UtcDateTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("reserved_by", NpgsqlDbType.Array | NpgsqlDbType.Text)
            { Value = earlier.Keys.Select(k => HeldUntil(k) is null ? null : k.ReservedBy).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("reserved_until", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = earlier.Keys.Select(HeldUntil).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("assigned_to", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = earlier.Keys.Select(k => k.AssignedTo).ToArray() });
        await command.ExecuteNonQueryAsync();
    }

    private static string Listed(IEnumerable<string> items)
    {
        var all = items.ToList();
        var shown = string.Join(", ", all.Take(NamedInError));
        return all.Count > NamedInError ? $"{shown} and {all.Count - NamedInError} more" : shown;
    }
}
