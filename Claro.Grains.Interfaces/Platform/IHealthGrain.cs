namespace Claro.Platform;

/// <summary>Answers readiness from inside the cluster, so the API needs no database connection.</summary>
[Alias("claro.health")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Round-trips a query to PostgreSQL from the silo that hosts this activation.</summary>
    [Alias("check-database"), Allow(Who.Anyone)]
    Task<HealthReport> CheckDatabaseAsync();
}

[GenerateSerializer, Immutable, Alias("claro.health-report")]
public sealed record HealthReport([property: Id(0)] string Silo, [property: Id(1)] TimeSpan DatabaseLatency);
