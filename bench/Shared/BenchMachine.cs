using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Claro.Benchmarks;

/// <summary>What both benchmarks need from the machine: the checkout, free ports, the throwaway PostgreSQL script, signals, the load.</summary>
public static class BenchMachine
{
    /// <summary>The folder holding Claro.sln, above the working directory or the binary.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Claro.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find Claro.sln above the working directory or the binary");
    }

    /// <summary>The 1-minute load average: other work on a shared machine moves every figure.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>
    /// The runtime settings the figures depend on: server GC, and how many times an idle thread-pool
    /// worker spins before it sleeps (Directory.Build.props sets 0 for Claro's server processes). The
    /// environment variable (DOTNET_ or COMPlus_) overrides the runtimeconfig; the runtime reads it as hexadecimal.
    /// </summary>
    public static string Runtime()
    {
        var hex = Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit")
            ?? Environment.GetEnvironmentVariable("COMPlus_ThreadPool_UnfairSemaphoreSpinLimit");
        var spin = hex is not null
            && uint.TryParse(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex, System.Globalization.NumberStyles.HexNumber, null, out var fromEnvironment)
            ? $"{fromEnvironment} (environment)"
            : AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit") is { } fromConfig
                ? $"{fromConfig} (runtimeconfig)"
                : "70 (the runtime's default)";
        return $".NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, thread-pool spin limit {spin}";
    }

    /// <summary>Runs <c>scripts/local-postgres</c> with these arguments and answers what it printed.</summary>
    public static async Task<string> LocalPostgresAsync(string repositoryRoot, CancellationToken cancel, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(repositoryRoot, "scripts", "local-postgres"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        // Not cancelled: a half-started server must still be seen through, so that stop finds it.
        await process.WaitForExitAsync(CancellationToken.None);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/local-postgres {string.Join(' ', arguments)} failed: {await error}");
        cancel.ThrowIfCancellationRequested();
        return await output;
    }

    /// <summary>
    /// Cancels <paramref name="stop"/> on the first SIGINT or SIGTERM instead of exiting, so the run
    /// tears down what it started; register before any host is built, so this runs first.
    /// </summary>
    public static IDisposable CancelOnSignals(CancellationTokenSource stop)
    {
        void OnSignal(PosixSignalContext signal)
        {
            if (stop.IsCancellationRequested)
                return;
            signal.Cancel = true;
            Console.Error.WriteLine($"{signal.Signal}: stopping…");
            stop.Cancel();
        }
        var registrations = new[] { PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal) };
        return new Registrations(registrations);
    }

    private sealed class Registrations(PosixSignalRegistration[] all) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in all)
                registration.Dispose();
        }
    }
}
