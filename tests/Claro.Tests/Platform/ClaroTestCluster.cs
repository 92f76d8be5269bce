using Claro.Checkout;
using Claro.Tests.Checkout;
using Claro.Platform;
using Microsoft.Extensions.DependencyInjection;
using Claro.Silo.Hosting;
using Claro.Silo.Migrations;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Claro.Tests.Platform;

/// <summary>
/// An in-process Orleans test cluster on the production providers: ADO.NET clustering (silos and
/// the client find each other through the membership table in PostgreSQL) and ADO.NET grain
/// storage, on a real database migrated by Claro's own migrations.
/// </summary>
/// <remarks>
/// <see cref="TestCluster"/> rather than InProcessTestCluster: only the former lets a test turn
/// the in-memory membership off, and membership through PostgreSQL is what we mean to test.
/// </remarks>
public sealed class ClaroTestCluster : IAsyncDisposable
{
    private ClaroTestCluster(TestCluster cluster, ClaroSettings settings)
    {
        Cluster = cluster;
        Settings = settings;
    }

    public TestCluster Cluster { get; }
    public ClaroSettings Settings { get; }
    public IClusterClient Client => Cluster.Client;

    /// <summary>The first silo's Orleans grain storage, where an earlier Claro kept state that now lives in tables.</summary>
    public IGrainStorage GrainStorage =>
        ((InProcessSiloHandle)Cluster.Silos[0]).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);

    public async Task<bool> InGrainStorageAsync<T>(string stateName, GrainId grainId)
    {
        var stored = new GrainState<T>();
        await GrainStorage.ReadStateAsync(stateName, grainId, stored);
        return stored.RecordExists;
    }

    public static async Task<ClaroTestCluster> StartAsync(string? database = null, int silos = 1, Action<ClaroSettings>? configure = null)
    {
        database ??= await PostgresServer.CreateDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(database))
            await new Migrator(dataSource).MigrateAsync();

        var settings = TestSettings.For(database);
        configure?.Invoke(settings);
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ClusterId = settings.ClusterId;
        builder.Options.ServiceId = settings.ServiceId;
        builder.Options.UseTestClusterMembership = false;
        builder.Options.GatewayPerSilo = true;
        // Real sockets: the API host under test is a separate Orleans client that must reach the gateways.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(
            settings.AsConfiguration().Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ClaroTestCluster(cluster, settings);
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<IFulfilmentFaults, SimulatedCrashes>();
            silo.Services.AddSingleton<ISlugClaimFaults, CrashAfterSlugClaim>();
            silo.UseClaroPostgres(ClaroSettings.From(silo.Configuration));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.UseClaroClient(ClaroSettings.From(configuration));
    }
}

/// <summary>One cluster shared by the tests of a collection, as the Orleans testing docs advise.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ClaroTestCluster Claro { get; private set; } = null!;
    public IClusterClient Client => Claro.Client;

    public async Task InitializeAsync() => Claro = await ClaroTestCluster.StartAsync();

    public async Task DisposeAsync() => await Claro.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
