extern alias emulator;

using Claro.Benchmarks;
using System.Diagnostics;
using System.Net;
using Claro.Platform;
using Claro.Silo.Hosting;
using Claro.Silo.Migrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using EmulatorApp = emulator::Claro.StripeEmulator.EmulatorApp;

namespace Claro.Bench;

/// <summary>
/// Everything Claro runs on, on loopback in this process except PostgreSQL: a throwaway server
/// with durability on (scripts/local-postgres without "fast"), a silo host wired as Claro.Silo's
/// Program wires it, the Stripe emulator, and the real API on Kestrel. Disposing stops all of it.
/// </summary>
public sealed class Stack : IAsyncDisposable
{
    public const string WebhookSecret = "whsec_claro_bench_webhook_secret";
    private const string SigningKey = "claro-bench-signing-key-0123456789-abcdefghijkl";

    private string _repositoryRoot = "";
    private string? _pgRoot;
    private string? _pgData;
    private WebApplication? _emulator;
    private IHost? _silo;
    private WebApplicationFactory<Program>? _api;
    private int _stopped;
    private readonly Lock _pgLock = new();

    public ClaroSettings Settings { get; private set; } = null!;
    public string ApiUrl { get; private set; } = "";
    public string EmulatorUrl { get; private set; } = "";
    public string PostgresVersion { get; private set; } = "";

    /// <summary>True when the API runs the silo in its own process instead of calling a separate one's gateway.</summary>
    public bool ApiHostsSilo { get; private init; }

    public static async Task<Stack> StartAsync(string repositoryRoot, bool apiHostsSilo, Action<string> log, CancellationToken cancel)
    {
        var stack = new Stack { ApiHostsSilo = apiHostsSilo };
        // Also on a hard exit (second Ctrl-C, unhandled crash): never leave a postgres behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stack.StopPostgres(repositoryRoot);
        try
        {
            await stack.StartCoreAsync(repositoryRoot, log, cancel);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(string repositoryRoot, Action<string> log, CancellationToken cancel)
    {
        _repositoryRoot = repositoryRoot;
        _pgRoot = Directory.CreateTempSubdirectory("claro-bench-").FullName;
        _pgData = Path.Combine(_pgRoot, "data");
        var database = (await BenchMachine.LocalPostgresAsync(repositoryRoot, cancel, "start", _pgData, FreePorts.Next().ToString())).Trim();
        database += ";Pooling=true;Maximum Pool Size=100";
        await using (var dataSource = NpgsqlDataSource.Create(database))
        {
            await new Migrator(dataSource).MigrateAsync();
            await using var version = dataSource.CreateCommand("SHOW server_version");
            PostgresVersion = (string)(await version.ExecuteScalarAsync(cancel))!;
            await using var sync = dataSource.CreateCommand("SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')");
            PostgresVersion += $" (fsync/synchronous_commit {(string)(await sync.ExecuteScalarAsync(cancel))!})";
        }
        log($"postgres up ({PostgresVersion}) in {_pgData}");

        var apiPort = FreePorts.Next();
        ApiUrl = $"http://127.0.0.1:{apiPort}";

        // No webhook URL: the emulator records and signs its events but delivers none; the benchmark
        // delivers them itself, so it knows when each delivery starts and ends.
        _emulator = EmulatorApp.Create([], new Dictionary<string, string?>
        {
            ["CLARO_STRIPE_EMULATOR_PORT"] = "0",
            ["STRIPE_WEBHOOK_SECRET"] = WebhookSecret,
            ["CLARO_STRIPE_WEBHOOK_URL"] = null,
            ["CLARO_STRIPE_CHAOS"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        await _emulator.StartAsync(cancel);
        EmulatorUrl = _emulator.Urls.Single();
        log($"stripe emulator up at {EmulatorUrl}");

        var files = Path.Combine(_pgRoot, "files");
        Directory.CreateDirectory(files);
        Settings = new ClaroSettings
        {
            Database = database,
            ClusterId = "bench",
            ServiceId = "claro-bench",
            StripeSecretKey = "sk_test_claro_bench",
            StripeWebhookSecret = WebhookSecret,
            StripeApiBase = EmulatorUrl,
            TokenSigningKey = SigningKey,
            PublicBaseUrl = ApiUrl,
            FileStorePath = files,
        };

        if (ApiHostsSilo)
        {
            _api = BenchHosts.StartApi(Settings, apiPort, hostsSilo: true);
            log($"api up at {ApiUrl}, hosting the silo in process ({Claro.Api.Platform.ClusterConnection.HostsSiloKey}=true)");
            return;
        }
        _silo = BenchHosts.BuildSilo(Settings);
        await _silo.StartAsync(cancel);
        log("silo up (ADO.NET clustering + storage on PostgreSQL, SiloSetup.UseClaroPostgres)");

        _api = BenchHosts.StartApi(Settings, apiPort, hostsSilo: false);
        log($"api up at {ApiUrl}");
    }

        public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Quietly(async () => { if (_api is not null) await _api.DisposeAsync(); });
        await Quietly(async () =>
        {
            if (_silo is null)
                return;
            await _silo.StopAsync(deadline.Token);
            _silo.Dispose();
        });
        await Quietly(async () =>
        {
            if (_emulator is null)
                return;
            await _emulator.StopAsync(deadline.Token);
            await _emulator.DisposeAsync();
        });
        NpgsqlConnection.ClearAllPools();
        StopPostgres(_repositoryRoot);
    }

    private void StopPostgres(string repositoryRoot)
    {
        lock (_pgLock)
        {
            if (_pgRoot is null || _pgData is null)
                return;
            try
            {
                BenchMachine.LocalPostgresAsync(repositoryRoot, CancellationToken.None, "stop", _pgData).GetAwaiter().GetResult();
                Directory.Delete(_pgRoot, recursive: true);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"could not stop the benchmark's PostgreSQL in {_pgRoot}: {e.Message}");
            }
            _pgRoot = null;
            _pgData = null;
        }
    }

    private static async Task Quietly(Func<Task> stop)
    {
        try
        {
            await stop();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"while stopping: {e.GetType().Name}: {e.Message}");
        }
    }
}
