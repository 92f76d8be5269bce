using Claro.Platform;
using Claro.Silo.Accounts;
using Claro.Silo.Hosting;
using Claro.Silo.Migrations;
using Claro.Silo.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Claro.Silo;

/// <summary>
/// <c>Claro.Silo</c> runs a silo (migrating first); <c>Claro.Silo migrate</c> only migrates;
/// <c>Claro.Silo seed --products N --tenants M</c> migrates, seeds a catalog and exits;
/// <c>Claro.Silo grant-role EMAIL ROLE</c> grants a platform role.
/// </summary>
public static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == GrantRoleCommand.Name)
            return await GrantRoleCommand.RunAsync(args[1..]);
        var migrateOnly = args.FirstOrDefault() == "migrate";
        var hostArgs = migrateOnly ? args[1..] : args;
        SeedOptions? seed = null;
        if (args.FirstOrDefault() == SeedCommand.Name && (seed = SeedCommand.Parse(args[1..], out hostArgs, out var seedProblem)) is null)
            return SeedCommand.Usage(seedProblem!);
        // appsettings*.json are read from beside the binary, wherever the process is started from.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = hostArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The seed's silo joins beside any running one, so it takes free ports.
        if (seed is not null)
            builder.Configuration.AddInMemoryCollection([
                KeyValuePair.Create(SiloEndpoints.SiloPortKey, (string?)"0"),
                KeyValuePair.Create(SiloEndpoints.GatewayPortKey, (string?)"0"),
            ]);

        var settings = ClaroSettings.From(builder.Configuration);
        var endpoints = SiloEndpoints.From(builder.Configuration, out var endpointProblems);
        var problems = ClaroSettingsValidator.Problems(settings).Concat(endpointProblems).ToList();
        if (problems.Count > 0)
            return StartupFailure.Report(problems);

        var (applied, migrationProblem) = await SiloSetup.MigrateAsync(settings);
        if (migrationProblem is not null)
            return StartupFailure.Report([migrationProblem]);
        foreach (var migration in applied)
            Console.WriteLine($"migrated: {migration.Version:D4} {migration.Name}");
        if (migrateOnly)
            return 0;

        builder.AddClaroSilo(settings, endpoints);
        if (seed is not null)
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        using var host = builder.Build();
        await host.StartAsync();
        if (seed is not null)
            return await SeedCommand.RunAsync(host, seed);
        Console.WriteLine($"Claro silo up: silo port {endpoints.SiloPort}, gateway port {endpoints.GatewayPort}, cluster '{settings.ClusterId}'.");
        await host.WaitForShutdownAsync();
        return 0;
    }
}
