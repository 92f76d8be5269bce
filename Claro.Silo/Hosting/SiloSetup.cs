using Claro.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Claro.Checkout;
using Claro.Library;
using Claro.Discovery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Stripe;
using Claro.Silo.Migrations;

namespace Claro.Silo.Hosting;

public static class SiloSetup
{
    /// <summary>
    /// The silo host as Claro runs it: Claro's log defaults, settings validated at start, Orleans with
    /// the cluster's ids, these endpoints and <see cref="UseClaroPostgres"/>. The silo program and the
    /// benchmarks build it here. Migrations are the caller's, before the host starts.
    /// </summary>
    public static HostApplicationBuilder AddClaroSilo(this HostApplicationBuilder builder, ClaroSettings settings, SiloEndpoints endpoints)
    {
        builder.Logging.AddClaroDefaults();
        builder.Services.AddSingleton<IValidateOptions<ClaroSettings>, ClaroSettingsValidator>();
        builder.Services.AddOptions<ClaroSettings>().Configure(s => s.Bind(builder.Configuration)).ValidateOnStart();
        builder.UseOrleans(silo => silo.UseClaroSilo(settings, endpoints));
        return builder;
    }

    /// <summary>
    /// A silo of the cluster named in the settings, at these endpoints, on <see cref="UseClaroPostgres"/>:
    /// what the silo program runs, and what the API runs in process when it hosts a silo itself.
    /// </summary>
    public static ISiloBuilder UseClaroSilo(this ISiloBuilder silo, ClaroSettings settings, SiloEndpoints endpoints) => silo
        .Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = settings.ClusterId;
            cluster.ServiceId = settings.ServiceId;
        })
        .ConfigureEndpoints(endpoints.AdvertisedAddress, endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: false)
        .UseClaroPostgres(settings);

    /// <summary>
    /// An Orleans client of the cluster named in the settings, finding its gateways in the
    /// membership table: the API when it does not host a silo, and the one-shot commands.
    /// </summary>
    public static IClientBuilder UseClaroClient(this IClientBuilder client, ClaroSettings settings) => client
        .Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = settings.ClusterId;
            cluster.ServiceId = settings.ServiceId;
        })
        .UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = settings.Database;
        });

    /// <summary>
    /// Runs Claro's migrations before a silo starts. A database that cannot be migrated is a
    /// start-up problem naming <see cref="ClaroSettings.DatabaseKey"/>, never an exception later.
    /// </summary>
    public static async Task<(IReadOnlyList<Migration> Applied, string? Problem)> MigrateAsync(ClaroSettings settings)
    {
        IReadOnlyList<Migration> applied = [];
        var problem = await StartupProblemAsync(settings, "cannot migrate PostgreSQL",
            async database => applied = await new Migrator(database).MigrateAsync());
        return (applied, problem);
    }

    /// <summary>
    /// An Orleans client finds the gateways in the membership table. A database it cannot reach (a
    /// wrong host, port or password) is a start-up problem naming <see cref="ClaroSettings.DatabaseKey"/>,
    /// not minutes of gateway retries that end in an Orleans exception. The tables need not exist
    /// yet: a client may start before the first silo has migrated.
    /// </summary>
    public static Task<string?> CheckReachableAsync(ClaroSettings settings) =>
        StartupProblemAsync(settings, "cannot reach PostgreSQL", async database =>
        {
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync();
        });

    /// <summary>Runs <paramref name="work"/> on the configured database; a failure is a problem naming the setting.</summary>
    private static async Task<string?> StartupProblemAsync(ClaroSettings settings, string failing, Func<NpgsqlDataSource, Task> work)
    {
        try
        {
            await using var database = NpgsqlDataSource.Create(settings.Database);
            await work(database);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or System.Net.Sockets.SocketException)
        {
            return $"{ClaroSettings.DatabaseKey}: {failing}: {e.Message}";
        }
    }

    private const string Invariant = "Npgsql";

    /// <summary>
    /// Clustering, grain storage and the services grains use, all on PostgreSQL. The production
    /// silo and the test cluster both call this, so tests run on the same providers.
    /// </summary>
    public static ISiloBuilder UseClaroPostgres(this ISiloBuilder silo, ClaroSettings settings)
    {
        var database = ClaroDatabase.ConnectionString(settings.Database);
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = database;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Provider, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = database;
        });

        // The storage provider logs its connection string, password included, at start-up.
        silo.Services.AddLogging(logging => logging.AddFilter("Orleans.Storage.AdoNetGrainStorage", LogLevel.Warning));
        silo.AddIncomingGrainCallFilter<AccessPolicyFilter>();
        silo.Services.AddSingleton(settings);
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<ProductDeliveries>();
        silo.Services.TryAddSingleton<IFulfilmentFaults, NoFulfilmentFaults>();
        silo.Services.TryAddSingleton<ISlugClaimFaults, NoSlugClaimFaults>();
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(database));
        silo.Services.AddHostedService<SalesFolder>();
        silo.Services.AddSingleton<IStripeClient>(_ => StripeClientFor(settings));
        return silo;
    }

    /// <summary>Stripe itself by default; with another API base (the emulator) every Stripe host points there.</summary>
    private static StripeClient StripeClientFor(ClaroSettings settings)
    {
        var options = new StripeClientOptions { ApiKey = settings.StripeSecretKey };
        if (settings.StripeApiBase != new ClaroSettings().StripeApiBase)
        {
            options.ApiBase = settings.StripeApiBase;
            options.ConnectBase = settings.StripeApiBase;
            options.FilesBase = settings.StripeApiBase;
        }
        return new StripeClient(options);
    }
}
