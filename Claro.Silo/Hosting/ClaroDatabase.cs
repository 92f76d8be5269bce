using Npgsql;

namespace Claro.Silo.Hosting;

/// <summary>
/// How the silo connects: the configured connection string, with two defaults for a workload of a
/// few dozen short statements run over and over. Statements are prepared on each pooled connection
/// once they have run a few times, so PostgreSQL stops parsing and planning them on every call; and a
/// connection going back to the pool is not reset (a round trip and a DISCARD ALL each time), since
/// Claro's statements leave no session state behind: transactions end before the connection is
/// returned (Npgsql rolls back one left open), and the migrator's advisory lock is released in a finally.
/// Measured in bench/Claro.Bench: most of PostgreSQL's CPU per checkout was parsing, planning and resetting.
/// </summary>
public static class ClaroDatabase
{
    public const int AutoPreparedStatements = 64;

    public static string ConnectionString(string configured)
    {
        var connection = new NpgsqlConnectionStringBuilder(configured);
        if (connection.MaxAutoPrepare == 0)
            connection.MaxAutoPrepare = AutoPreparedStatements;
        connection.NoResetOnClose = true;
        return connection.ConnectionString;
    }
}
