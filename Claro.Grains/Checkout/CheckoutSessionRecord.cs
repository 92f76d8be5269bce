using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace Claro.Checkout;

/// <summary>
/// The checkout session's persisted state, in its own row of <c>checkout_sessions</c>, so a write
/// can commit in one transaction with the rows it causes (the order row, the inbox row). Used as
/// Orleans' <c>IPersistentState</c> would be: the grain changes <see cref="State"/>, then writes.
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
    /// webhook inbox and runs <paramref name="alongside"/>. True when that was the delivery's first
    /// arrival (false without one).
    /// Throws <see cref="InconsistentStateException"/>, writing nothing, when the row moved on
    /// since this activation read or wrote it.
    /// </summary>
    public async Task<bool> WriteAsync(StripeDelivery? delivery = null, NpgsqlBatchCommand? alongside = null)
    {
        var stateCommand = _version is { } version
            ? new NpgsqlBatchCommand("""
                UPDATE checkout_sessions SET state = @state, version = version + 1, updated_at = now()
                 WHERE checkout_key = @key AND version = @version
                RETURNING version
                """) { Parameters = { new("version", version) } }
            : new NpgsqlBatchCommand("""
                INSERT INTO checkout_sessions (checkout_key, state, version) VALUES (@key, @state, 1)
                ON CONFLICT (checkout_key) DO NOTHING
                RETURNING version
                """);
        stateCommand.Parameters.AddWithValue("key", key);
        stateCommand.Parameters.AddWithValue("state", serializer.SerializeToArray(State));

        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { stateCommand } };
        if (delivery is not null)
            batch.BatchCommands.Add(StripeInbox.Record(delivery));
        if (alongside is not null)
            batch.BatchCommands.Add(alongside);

        int? newVersion = null;
        var firstDelivery = false;
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
                newVersion = reader.GetInt32(0);
            if (delivery is not null && await reader.NextResultAsync() && await reader.ReadAsync())
                firstDelivery = reader.GetBoolean(0);
            // Reading to the end surfaces an error of any later statement before the commit.
            while (await reader.NextResultAsync())
            {
            }
        }
        if (newVersion is null)
        {
            await transaction.RollbackAsync();
            throw new InconsistentStateException($"The checkout session {key} was written by another activation.", "", _version?.ToString() ?? "");
        }
        await transaction.CommitAsync();
        _version = newVersion;
        return firstDelivery;
    }
}
