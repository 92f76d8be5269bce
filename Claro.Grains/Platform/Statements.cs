using Npgsql;

namespace Claro.Platform;

public static class Statements
{
    /// <summary>Runs a statement built to commit with a checkout session's write-ahead in a transaction of its own.</summary>
    public static async Task ExecuteAloneAsync(this NpgsqlDataSource database, NpgsqlBatchCommand statement)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { statement } };
        await batch.ExecuteNonQueryAsync();
    }
}
