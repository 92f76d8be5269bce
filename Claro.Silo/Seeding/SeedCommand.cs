using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Claro.Silo.Seeding;

/// <summary>
/// <c>Claro.Silo seed --products N --tenants M [--seed S]</c>: after migrating, a silo of its own
/// joins the cluster on free ports (alone, or beside the silos already running) so the storefronts
/// are created through their tenant grains; products are bulk-copied (<see cref="CatalogSeed"/>).
/// </summary>
public static class SeedCommand
{
    public const string Name = "seed";

    /// <summary>The seed's options from the arguments after <c>seed</c>; what it does not know is left for the host.</summary>
    public static SeedOptions? Parse(string[] args, out string[] hostArgs, out string? problem)
    {
        var values = new Dictionary<string, int> { ["--products"] = 1000, ["--tenants"] = 50, ["--seed"] = 1 };
        var rest = new List<string>();
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (!values.ContainsKey(args[i]))
            {
                rest.Add(args[i]);
                continue;
            }
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                problem = $"{args[i]} needs a whole number.";
            else
                values[args[i]] = value;
            i++;
        }
        hostArgs = [.. rest];
        if (problem is null && values["--tenants"] < 1)
            problem = "--tenants must be at least 1: every product belongs to a storefront.";
        return problem is null ? new SeedOptions(values["--products"], values["--tenants"], values["--seed"]) : null;
    }

    public static int Usage(string problem)
    {
        Console.Error.WriteLine($"claro seed: {problem}");
        Console.Error.WriteLine($"usage: Claro.Silo {Name} [--products N] [--tenants M] [--seed S]   (defaults 1000, 50, 1)");
        return 2;
    }

    public static async Task<int> RunAsync(IHost silo, SeedOptions options)
    {
        Console.WriteLine($"seeding {options.Tenants} storefronts and {options.Products} products (--seed {options.Seed})");
        try
        {
            var report = await CatalogSeed.RunAsync(
                silo.Services.GetRequiredService<IGrainFactory>(), silo.Services.GetRequiredService<NpgsqlDataSource>(), options, Console.WriteLine);
            Console.WriteLine($"seeded: {report.Tenants} storefronts ({report.TenantsPerSecond:F0}/s), {report.Products} products ({report.ProductsPerSecond:F0} rows/s)");
            return 0;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await Console.Error.WriteLineAsync($"claro seed: products of --seed {options.Seed} are already there ({e.ConstraintName}); seed with another --seed, or ./claro reset first.");
            return 1;
        }
        finally
        {
            await silo.StopAsync();
        }
    }
}
