using System.Diagnostics;
using System.Text;
using Claro.Catalog;
using Claro.Discovery;
using Claro.Platform;
using Claro.Tenants;
using Npgsql;

namespace Claro.Silo.Seeding;

/// <summary>How much to seed; <see cref="Seed"/> makes every generated value (and id) repeatable.</summary>
public sealed record SeedOptions(int Products, int Tenants, int Seed = 1);

public sealed record SeedReport(int Tenants, TimeSpan TenantTime, ulong Products, TimeSpan ProductTime)
{
    public double TenantsPerSecond => Tenants / Math.Max(TenantTime.TotalSeconds, 1e-9);
    public double ProductsPerSecond => Products / Math.Max(ProductTime.TotalSeconds, 1e-9);
}

/// <summary>A seeded storefront: created through its tenant grain by this owner id (an account that never signed up).</summary>
public sealed record SeedTenant(string TenantId, string OwnerUserId, string Name, string Slug);

/// <summary>
/// A realistic catalog for the local run and the discovery benchmark. Storefronts are created
/// through their tenant grains (slug claim, tenant state, storefront directory row, the owner's
/// membership), so <c>GET /api/tenants/{slug}</c> and storefront listings work. Products are only
/// their catalog rows, bulk-copied through <see cref="CatalogProjection.ImportAsync"/> with the
/// product grain's own column mapping and with sales history in the counters: a seeded product has
/// no product grain state, so its product page, cart and checkout answer 404.
/// </summary>
public static class CatalogSeed
{
    /// <summary>Seeded products were created in the year before this instant and sold up to it.</summary>
    public static readonly DateTimeOffset Until = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The epoch of <c>catalog_trending_add</c> (0007_sales_counters.sql).</summary>
    private static readonly DateTimeOffset TrendingEpoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int RowsPerTransaction = 50_000;

    public static SeedTenant Tenant(int seed, int index)
    {
        var random = new SeedRandom(seed, 1, index);
        var name = $"{Title(random.Pick(SeedVocabulary.Adjectives))} {Title(random.Pick(SeedVocabulary.Nouns))} {Title(random.Pick(SeedVocabulary.StudioWords))}";
        return new SeedTenant($"t_seed{seed}_{index:D6}", $"u_seed{seed}_{index:D6}", name, $"{Slug.From(name, "shop")}-{seed}-{index}");
    }

    /// <summary>Product <paramref name="index"/> of the seed: its catalog row and its sales so far.</summary>
    public static (CatalogRow Row, CatalogCounters Counters) Product(int seed, long index, IReadOnlyList<SeedTenant> tenants)
    {
        var random = new SeedRandom(seed, 2, index);
        var category = Categories.All[CategoryOf(seed, index)];
        var kind = random.Pick(SeedVocabulary.Kinds[category]);
        var adjective = random.Pick(SeedVocabulary.Adjectives);
        var noun = random.Pick(SeedVocabulary.Nouns);
        var title = $"{Title(adjective)} {Title(noun)} {Title(kind)}";

        var tags = new List<string>();
        for (var count = 1 + random.Next(5); tags.Count < count;)
        {
            // u² puts most draws on the first tags: the first is on about a quarter of the catalog, the last on under 2%.
            var tag = SeedVocabulary.Tags[(int)(Math.Pow(random.NextDouble(), 2) * SeedVocabulary.Tags.Length)];
            if (!tags.Contains(tag))
                tags.Add(tag);
        }

        var description = new StringBuilder(title).Append('.');
        for (var sentences = 3 + random.Next(4); sentences > 0; sentences--)
            description.Append(' ').Append(random.Pick(SeedVocabulary.Sentences)
                .Replace("{a}", random.Pick(SeedVocabulary.Adjectives)).Replace("{n}", random.Pick(SeedVocabulary.Nouns))
                .Replace("{k}", kind).Replace("{t}", tags[random.Next(tags.Count)]));

        // Whole units from 1 to 500, most of them cheap, priced at .99.
        var price = (long)Math.Floor(Math.Exp(Math.Pow(random.NextDouble(), 2) * Math.Log(500))) * 100 - 1;
        var currencyDraw = random.NextDouble();
        var currency = currencyDraw < 0.85 ? "usd" : currencyDraw < 0.95 ? "eur" : "gbp";
        var visibilityDraw = random.NextDouble();
        var visibility = visibilityDraw < 0.90 ? Visibility.Public : visibilityDraw < 0.96 ? Visibility.Private : Visibility.Draft;
        var created = Until - TimeSpan.FromSeconds(random.NextDouble() * 365 * 86400);
        var updated = created + (Until - created) * (random.NextDouble() * 0.3);
        var tenant = tenants[(int)(Math.Pow(random.NextDouble(), 1.5) * tenants.Count)];
        var titleSlug = Slug.From(title, "product");
        var slug = $"{titleSlug[..Math.Min(titleSlug.Length, 36)].TrimEnd('-')}-{index}";

        var row = new CatalogRow(
            $"p_seed{seed}_{index:D8}", tenant.TenantId, tenant.Slug, slug, title, description.ToString(), category,
            tags.ToArray(), new Money(price, currency), visibility, FileCount: 0, created, updated, 1 + random.Next(4));
        // A draft was never on sale.
        return (row, visibility == Visibility.Draft ? new CatalogCounters(0, 0, 0) : Sales(random, price, created));
    }

    /// <summary>
    /// Zipf-like sales: a product's popularity rank r (uniform in 1..10⁶, whatever N is) sells
    /// ⌊5000 / r^0.7⌋, so about a fifth of products ever sold and a few sold thousands. The sales
    /// fall in up to four batches between the product's creation and <see cref="Until"/>, folded into
    /// the trending score exactly as catalog_trending_add folds each sale.
    /// </summary>
    private static CatalogCounters Sales(SeedRandom random, long price, DateTimeOffset created)
    {
        var rank = 1 + random.Next(1_000_000);
        var sales = (long)Math.Floor(5000 / Math.Pow(rank, 0.7));
        var score = 0.0;
        var batches = (int)Math.Min(sales, 4);
        var from = created > TrendingEpoch ? created : TrendingEpoch;
        for (var batch = 0; batch < batches; batch++)
        {
            var quantity = sales / batches + (batch == 0 ? sales % batches : 0);
            score = TrendingAdd(score, quantity, from + (Until - from) * random.NextDouble());
        }
        return new CatalogCounters(sales, sales * price, score);
    }

    /// <summary>catalog_trending_add(score, quantity, sold_at) of 0007_sales_counters.sql, in C#; a test holds them equal.</summary>
    public static double TrendingAdd(double score, long quantity, DateTimeOffset soldAt)
    {
        var sale = Math.Log(Math.Max(quantity, 1)) + (soldAt - TrendingEpoch).TotalSeconds / (7 * 86400) * Math.Log(2);
        return score == 0 ? sale : Math.Max(score, sale) + Math.Log(1 + Math.Exp(Math.Min(score, sale) - Math.Max(score, sale)));
    }

    /// <summary>Drawn alone, so an import worker can pick its categories without building the rest of the row.</summary>
    private static int CategoryOf(int seed, long index) => new SeedRandom(seed, 3, index).Next(Categories.All.Count);

    /// <summary>
    /// Seeds <paramref name="options"/>: storefronts through the grains, then products by binary
    /// COPY, one worker per core, each owning whole categories so that the category-count trigger's
    /// row locks never make one worker wait for another; finally VACUUM (ANALYZE).
    /// </summary>
    public static async Task<SeedReport> RunAsync(IGrainFactory grains, NpgsqlDataSource database, SeedOptions options, Action<string> log, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var tenants = Enumerable.Range(0, options.Tenants).Select(i => Tenant(options.Seed, i)).ToList();
        var created = 0;
        await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (tenant, _) =>
        {
            using (Caller.Use(new Caller(tenant.OwnerUserId, [])))
                await grains.GetGrain<ITenantGrain>(tenant.TenantId).CreateAsync(new CreateTenant(tenant.Name, tenant.Slug));
            if (Interlocked.Increment(ref created) % 1000 == 0)
                log($"  {created} storefronts ({created / clock.Elapsed.TotalSeconds:F0}/s)");
        });
        var tenantTime = clock.Elapsed;
        log($"{tenants.Count} storefronts in {tenantTime.TotalSeconds:F1} s ({tenants.Count / Math.Max(tenantTime.TotalSeconds, 1e-9):F0}/s) through the tenant grains");

        clock.Restart();
        var workers = Math.Clamp(Environment.ProcessorCount, 1, Categories.All.Count);
        long written = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            for (long start = 0; start < options.Products; start += RowsPerTransaction)
            {
                var end = Math.Min(options.Products, start + RowsPerTransaction);
                var mine = Range(start, end)
                    .Where(i => CategoryOf(options.Seed, i) % workers == worker)
                    .Select(i => Product(options.Seed, i, tenants));
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var rows = await CatalogProjection.ImportAsync(connection, mine, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                var total = Interlocked.Add(ref written, (long)rows);
                log($"  {total} products ({total / clock.Elapsed.TotalSeconds:F0} rows/s)");
            }
        }, cancellationToken)));
        var productTime = clock.Elapsed;
        log($"{written} products in {productTime.TotalSeconds:F1} s ({written / Math.Max(productTime.TotalSeconds, 1e-9):F0} rows/s) by binary COPY on {workers} connections");

        // What autovacuum would do a little later, done now so it does not run under the first queries:
        // statistics for the planner, and the visibility map index-only scans rely on.
        clock.Restart();
        await using (var vacuum = database.CreateCommand("VACUUM (ANALYZE) catalog, catalog_terms"))
        {
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        log($"VACUUM (ANALYZE) catalog, catalog_terms in {clock.Elapsed.TotalSeconds:F1} s");
        return new SeedReport(tenants.Count, tenantTime, (ulong)written, productTime);
    }

    private static IEnumerable<long> Range(long start, long end)
    {
        for (var i = start; i < end; i++)
            yield return i;
    }

    private static string Title(string words) => string.Join(' ', words.Split(' ').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}

/// <summary>SplitMix64 from (seed, stream, index): every row draws from its own sequence, so rows come out the same in any order or worker.</summary>
internal sealed class SeedRandom(int seed, int stream, long index)
{
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xC2B2AE3D27D4EB4FUL ^ (ulong)index * 0xBF58476D1CE4E5B9UL;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public int Next(int count) => (int)(NextDouble() * count);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
