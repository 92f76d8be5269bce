using Claro.Benchmarks;
using System.Diagnostics;
using System.Net;
using Claro.Platform;
using Claro.Silo.Hosting;
using Claro.Silo.Migrations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Claro.DiscoveryBench;

/// <summary>
/// PostgreSQL (durable: scripts/local-postgres without "fast"), migrated, one silo as Claro.Silo
/// builds it (<see cref="SiloSetup.UseClaroPostgres"/>) and the real API on Kestrel, as
/// bench/Claro.Bench stands them up, minus the Stripe emulator discovery never calls. The data
/// folder is a temp one, removed at the end, unless the caller keeps one to reuse its seeded catalog.
/// </summary>
public sealed class DiscoveryStack : IAsyncDisposable
{
    private const string SigningKey = "claro-discovery-bench-signing-key-0123456789";

    private readonly string _repositoryRoot;
    private readonly string _pgData;
    private readonly string? _removeAtEnd;
    private IHost? _silo;
    private WebApplicationFactory<Program>? _api;
    private int _stopped;
    private readonly Lock _pgLock = new();

    private DiscoveryStack(string repositoryRoot, string pgData, string? removeAtEnd)
    {
        _repositoryRoot = repositoryRoot;
        _pgData = pgData;
        _removeAtEnd = removeAtEnd;
    }

    public ClaroSettings Settings { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;
    public string ApiUrl { get; private set; } = "";
    public IGrainFactory Grains => (_silo?.Services ?? _api!.Services).GetRequiredService<IGrainFactory>();

    /// <summary>True when the API runs the silo in its own process instead of calling a separate one's gateway.</summary>
    public bool ApiHostsSilo { get; private init; }

    /// <param name="keep">A folder whose PostgreSQL data is kept (and reused) between runs; null for a throwaway one.</param>
    public static async Task<DiscoveryStack> StartAsync(string repositoryRoot, string? keep, bool apiHostsSilo, Action<string> log, CancellationToken cancel)
    {
        var root = keep is null ? Directory.CreateTempSubdirectory("claro-discovery-bench-").FullName : Path.GetFullPath(keep);
        var stack = new DiscoveryStack(repositoryRoot, Path.Combine(root, "data"), keep is null ? root : null) { ApiHostsSilo = apiHostsSilo };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stack.StopPostgres();
        try
        {
            await stack.StartCoreAsync(root, log, cancel);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(string root, Action<string> log, CancellationToken cancel)
    {
        Directory.CreateDirectory(root);
        var database = (await BenchMachine.LocalPostgresAsync(_repositoryRoot, cancel, "start", _pgData, FreePorts.Next().ToString())).Trim() + ";Pooling=true;Maximum Pool Size=100";
        Database = NpgsqlDataSource.Create(database);
        await new Migrator(Database).MigrateAsync(cancel);
        log($"postgres up in {_pgData}, migrated");

        var apiPort = FreePorts.Next();
        ApiUrl = $"http://127.0.0.1:{apiPort}";
        var files = Path.Combine(root, "files");
        Directory.CreateDirectory(files);
        Settings = new ClaroSettings
        {
            Database = database,
            // A cluster of its own each run, so a kept database's dead silos are never probed; the
            // service id stays, since the seeded tenant grains' state is keyed by it.
            ClusterId = "discovery-bench-" + Guid.NewGuid().ToString("N")[..8],
            ServiceId = "claro-discovery-bench",
            StripeSecretKey = "sk_test_claro_discovery_bench",
            StripeWebhookSecret = "whsec_claro_discovery_bench",
            StripeApiBase = "http://127.0.0.1:9",
            TokenSigningKey = SigningKey,
            PublicBaseUrl = ApiUrl,
            FileStorePath = files,
        };

        if (ApiHostsSilo)
        {
            _api = BenchHosts.StartApi(Settings, apiPort, hostsSilo: true);
            log($"api up at {ApiUrl}, hosting the silo in process");
            return;
        }
        _silo = BenchHosts.BuildSilo(Settings);
        await _silo.StartAsync(cancel);
        log("silo up (SiloSetup.UseClaroPostgres)");

        _api = BenchHosts.StartApi(Settings, apiPort, hostsSilo: false);
        log($"api up at {ApiUrl}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        try
        {
            if (_api is not null)
                await _api.DisposeAsync();
            if (_silo is not null)
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await _silo.StopAsync(deadline.Token);
                _silo.Dispose();
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"while stopping: {e.GetType().Name}: {e.Message}");
        }
        if (Database is not null)
            await Database.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        StopPostgres();
    }

    private void StopPostgres()
    {
        lock (_pgLock)
        {
            try
            {
                // The script's stop is a no-op for a server that is not running (or never started).
                BenchMachine.LocalPostgresAsync(_repositoryRoot, CancellationToken.None, "stop", _pgData).GetAwaiter().GetResult();
                if (_removeAtEnd is not null && Directory.Exists(_removeAtEnd))
                    Directory.Delete(_removeAtEnd, recursive: true);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"could not stop the benchmark's PostgreSQL in {_pgData}: {e.Message}");
            }
        }
    }
}
