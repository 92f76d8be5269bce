using System.Diagnostics;
using Npgsql;
using Orleans.Placement;

namespace Claro.Platform;

// Random placement spreads health probes over every silo, so a probe can show that each one is reachable.
[RandomPlacement]
public sealed class HealthGrain(NpgsqlDataSource database, ILocalSiloDetails silo) : Grain, IHealthGrain
{
    public async Task<HealthReport> CheckDatabaseAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await using var command = database.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync();
        return new HealthReport(silo.Name, Stopwatch.GetElapsedTime(started));
    }
}
