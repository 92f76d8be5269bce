using Claro.Platform;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Claro.Api.Platform;

/// <summary>Ready means a grain call round-trips and that grain reaches PostgreSQL.</summary>
public sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var report = await cluster.GetGrain<IHealthGrain>(0).CheckDatabaseAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"silo {report.Silo}, database {report.DatabaseLatency.TotalMilliseconds:F1} ms");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster or PostgreSQL did not answer.", e);
        }
    }
}
