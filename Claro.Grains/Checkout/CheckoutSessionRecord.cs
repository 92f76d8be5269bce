using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace Claro.Checkout;

/// <summary>
/// The checkout session's persisted state, in its own row of <c>checkout_sessions</c>, so a write
/// can commit in one transaction with the rows it causes (the order row, the buyer's entitlements,
/// the cart's paid lines, the inbox row). Used as Orleans' <c>IPersistentState</c> would be: the
/// grain changes <see cref="State"/>, then writes.
/// </summary>
public sealed class CheckoutSessionRecord(string key, NpgsqlDataSource database, Serializer<CheckoutSessionState> serializer)
{
    public CheckoutSessionState State { get; set; } = new();

    /// <summary>The stored row's version; null while there is none.</summary>
    private int? _version;

    /// <summary>False when no row was found.</summary>
    public async Task<bool> ReadAsync()
    {
        await using var command = database.CreateCommand("SELECT state, version FROM checkout_sessions WHERE checkout_key = @key");
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return false;
        State = serializer.Deserialize(reader.GetFieldValue<byte[]>(0))!;
        _version = reader.GetInt32(1);
        return true;
    }

    /// <summary>
    /// Writes the state and, in the same transaction, records <paramref name="delivery"/> in the
    /// webhook inbox and runs the statements <paramref name="alongside"/>. True when that was the
    /// delivery's first arrival (false without one).
    /// Throws <see cref="InconsistentStateException"/>, writing nothing, when the row moved on
    /// since this activation read or wrote it.
    /// </summary>
    /// <remarks>
    /// One round trip: the batch is PostgreSQL's implicit transaction, committed when its last
    /// statement has run, before the reader is done. A stale version raises (0016_stale_write.sql)
    /// instead of returning no row, which rolls the whole batch back.
    /// </remarks>
    public async Task<bool> WriteAsync(StripeDelivery? delivery = null, IReadOnlyList<NpgsqlBatchCommand>? alongside = null)
    {
        var stateCommand = _version is { } version
            ? new NpgsqlBatchCommand("""
                WITH written AS (
                    UPDATE checkout_sessions SET state = @state, version = version + 1, updated_at = now()
                     WHERE checkout_key = @key AND version = @version
                    RETURNING version
                )
                SELECT coalesce((SELECT version FROM written), claro_stale_write(@key))
                """) { Parameters = { new("version", version) } }
            : new NpgsqlBatchCommand("""
                WITH written AS (
                    INSERT INTO checkout_sessions (checkout_key, state, version) VALUES (@key, @state, 1)
                    ON CONFLICT (checkout_key) DO NOTHING
                    RETURNING version
                )
                SELECT coalesce((SELECT version FROM written), claro_stale_write(@key))
                """);
        stateCommand.Parameters.AddWithValue("key", key);
        stateCommand.Parameters.AddWithValue("state", serializer.SerializeToArray(State));

        await using var connection = await database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { stateCommand } };
        if (delivery is not null)
            batch.BatchCommands.Add(StripeInbox.Record(delivery));
        foreach (var command in alongside ?? [])
            batch.BatchCommands.Add(command);

        int newVersion;
        var firstDelivery = false;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync();
            await reader.ReadAsync();
            newVersion = reader.GetInt32(0);
            if (delivery is not null && await reader.NextResultAsync() && await reader.ReadAsync())
                firstDelivery = reader.GetBoolean(0);
            // Reading to the end surfaces an error of any later statement, and the commit's.
            while (await reader.NextResultAsync())
            {
            }
        }
        catch (PostgresException e) when (e.SqlState == StaleWrite)
        {
            throw new InconsistentStateException($"The checkout session {key} was written by another activation.", "", _version?.ToString() ?? "");
        }
        _version = newVersion;
        return firstDelivery;
    }

    private const string StaleWrite = "CL409";
}
