using Npgsql;
using NpgsqlTypes;

namespace Claro.Catalog;

/// <summary>
/// One product's rows of <c>license_keys</c>. Every write runs in a transaction that first takes the
/// product's stock lock, so two writers (Orleans can briefly run two activations of the stock grain)
/// take turns and never hand out one key twice; each writes only the rows it changes.
/// </summary>
public sealed class LicenseKeyRows(NpgsqlDataSource database, string productKey, TimeProvider clock)
{
    /// <summary>Neither assigned nor held by a reservation that is still running.</summary>
    private const string Free = "assigned_to IS NULL AND (reserved_by IS NULL OR reserved_until <= @now)";

    private const string Held = "assigned_to IS NULL AND reserved_by IS NOT NULL AND reserved_until > @now";

    private const string ReleaseSql =
        "UPDATE license_keys SET reserved_by = NULL, reserved_until = NULL WHERE product_key = @product AND reserved_by = @checkout AND assigned_to IS NULL";

    /// <summary>Arbitrary but fixed ("Clar"): the first half of every stock lock's key, the product key's hash the second.</summary>
    private const int StockLockClass = 0x436C6172;

    /// <summary>Keys ever added. Positions run from 0 without gaps: keys are only added, all of a request or none.</summary>
    public async Task<int> CountAsync()
    {
        await using var command = Command("SELECT coalesce(max(position) + 1, 0) FROM license_keys WHERE product_key = @product");
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Those of <paramref name="values"/> already in stock, in the order they were added.</summary>
    public async Task<List<string>> InStockAsync(string[] values)
    {
        if (values.Length == 0)
            return [];
        await using var command = Command("SELECT value FROM license_keys WHERE product_key = @product AND value = ANY(@values) ORDER BY position");
        command.Parameters.Add(new NpgsqlParameter("values", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values });
        return await ValuesAsync(command);
    }

    /// <summary>Appends keys after the last one.</summary>
    public Task AddAsync(IReadOnlyList<string> values) => LockedAsync(async connection =>
    {
        await using var insert = Command("""
            INSERT INTO license_keys (product_key, position, value, added_at)
            SELECT @product, next.position + added.ordinality::integer - 1, added.value, @now
            FROM unnest(@values) WITH ORDINALITY AS added(value, ordinality),
                 (SELECT coalesce(max(position) + 1, 0) AS position FROM license_keys WHERE product_key = @product) AS next
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter("values", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
        return await insert.ExecuteNonQueryAsync();
    });

    public async Task<StockCounts> CountsAsync()
    {
        await using var command = Command($"""
            SELECT count(*) FILTER (WHERE {Free}), count(*) FILTER (WHERE {Held}), count(*) FILTER (WHERE assigned_to IS NOT NULL)
            FROM license_keys WHERE product_key = @product
            """);
        await using var row = await command.ExecuteReaderAsync();
        await row.ReadAsync();
        return new StockCounts((int)row.GetInt64(0), (int)row.GetInt64(1), (int)row.GetInt64(2));
    }

    /// <summary>
    /// Holds <paramref name="quantity"/> free keys for the checkout, all or none: true when it holds
    /// them (or already held keys, asked again), false when too few are free.
    /// </summary>
    public Task<bool> ReserveAsync(string checkoutId, int quantity, DateTimeOffset expiresAt) => LockedAsync(async connection =>
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
        return (bool)(await command.ExecuteScalarAsync())!;
    });

    public Task ReleaseAsync(string checkoutId) => LockedAsync(async connection =>
    {
        await using var release = Command(ReleaseSql, connection);
        release.Parameters.Add(new NpgsqlParameter("checkout", NpgsqlDbType.Text) { Value = checkoutId });
        return await release.ExecuteNonQueryAsync();
    });

    /// <summary>
    /// Gives the order line what it still lacks of one key per unit: the checkout's own held keys
    /// first (even past their expiry, if nobody took them), then any free key; then whatever else the
    /// checkout held goes back. Answers all the line's keys.
    /// </summary>
    public Task<List<string>> AssignAsync(string checkoutId, string orderLineId, int quantity) => LockedAsync(async connection =>
    {
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

    /// <summary>The keys an order line received, in the order they were added.</summary>
    public async Task<List<string>> AssignedAsync(string orderLineId, NpgsqlConnection? connection = null)
    {
        await using var command = Command("SELECT value FROM license_keys WHERE product_key = @product AND assigned_to = @line ORDER BY position", connection);
        command.Parameters.Add(new NpgsqlParameter("line", NpgsqlDbType.Text) { Value = orderLineId });
        return await ValuesAsync(command);
    }

    /// <summary>A stock an earlier Claro kept in Orleans grain storage: every key at its position, held and assigned as it was.</summary>
    public async Task MoveAsync(StockState earlier)
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

    /// <summary>
    /// A command with the product key and the current time, the parameters every statement here
    /// shares; on <paramref name="connection"/> (and its transaction) when given.
    /// </summary>
    private NpgsqlCommand Command(string sql, NpgsqlConnection? connection = null)
    {
        var command = connection is null ? database.CreateCommand(sql) : new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("product", NpgsqlDbType.Text) { Value = productKey });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = clock.GetUtcNow().UtcDateTime });
        return command;
    }

    private static async Task<List<string>> ValuesAsync(NpgsqlCommand command)
    {
        var values = new List<string>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
            values.Add(rows.GetString(0));
        return values;
    }
}
