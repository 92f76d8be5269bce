using System.Diagnostics;
using Claro.Silo.Hosting;
using Npgsql;

namespace Claro.Tests.Platform;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run (initdb + pg_ctl in a temp folder on a
/// free port, through scripts/local-postgres), or the server named by CLARO_TEST_DATABASE.
/// Each test that needs a clean slate asks for a database of its own.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Admin = new(StartAsync);
    private static string? _dataDirectory;

    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(await Admin.Value);
        var name = "claro_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        admin.Database = name;
        admin.Pooling = true;
        return admin.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("CLARO_TEST_DATABASE") is { Length: > 0 } existing)
            return existing;

        var root = Directory.CreateTempSubdirectory("claro-test-pg-").FullName;
        _dataDirectory = Path.Combine(root, "data");
        var connectionString = (await RunScriptAsync("start", _dataDirectory, FreePorts.Next().ToString(), "fast")).Trim();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(root);
        return connectionString;
    }

    private static void Stop(string root)
    {
        try
        {
            RunScriptAsync("stop", _dataDirectory!).GetAwaiter().GetResult();
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Could not stop the test PostgreSQL in {root}: {e.Message}");
        }
    }

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "scripts", "local-postgres"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/local-postgres {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }

}
