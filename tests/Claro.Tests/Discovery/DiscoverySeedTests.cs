using System.Net.Http.Json;
using Claro.Catalog;
using Claro.Discovery;
using Claro.Silo.Seeding;
using Claro.Tenants;
using Claro.Tests.Platform;
using Npgsql;

namespace Claro.Tests.Discovery;

/// <summary>The seeding tool (<c>./claro seed</c>) against the API fixture's cluster and database.</summary>
[Collection(ApiCollection.Name)]
public sealed class DiscoverySeedTests(ApiFixture api)
{
    private readonly HttpClient _anonymous = api.CreateClient();

    [Fact]
    public async Task Seeded_storefronts_and_products_are_served_by_discovery_and_counted_in_their_categories()
    {
        // The fixture's database is shared: a seed of its own keeps these ids and slugs apart from every other test's.
        var options = new SeedOptions(Products: 400, Tenants: 4, Seed: Random.Shared.Next(1000, int.MaxValue));
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);

        var report = await CatalogSeed.RunAsync(api.Claro.Client, database, options, _ => { });

        Assert.Equal(400ul, report.Products);
        var tenants = Enumerable.Range(0, options.Tenants).Select(i => CatalogSeed.Tenant(options.Seed, i)).ToList();
        var products = Enumerable.Range(0, options.Products).Select(i => CatalogSeed.Product(options.Seed, i, tenants)).ToList();
        foreach (var tenant in tenants)
        {
            var storefront = await _anonymous.GetFromJsonAsync<Storefront>($"/api/tenants/{tenant.Slug}");
            Assert.Equal((tenant.TenantId, tenant.Name), (storefront!.TenantId, storefront.Name));

            var mine = products.Where(p => p.Row.TenantId == tenant.TenantId).ToList();
            var listed = await _anonymous.WalkAsync($"/api/tenants/{tenant.Slug}/products?limit=100");
            Assert.Equal(
                mine.Where(p => p.Row.Visibility is Visibility.Public or Visibility.Private).Select(p => p.Row.ProductId).Order(),
                listed.Select(i => i.ProductId).Order());

            var trending = await _anonymous.WalkAsync($"/api/products?tenant={tenant.Slug}&sort=trending&limit=100");
            Assert.Equal(
                mine.Where(p => p.Row.Visibility == Visibility.Public)
                    .OrderByDescending(p => p.Counters.TrendingScore).ThenByDescending(p => p.Row.ProductId, StringComparer.Ordinal)
                    .Select(p => p.Row.ProductId),
                trending.Select(i => i.ProductId));
            Assert.Equal(mine.Where(p => p.Row.Visibility == Visibility.Public).Sum(p => p.Counters.SalesCount), trending.Sum(i => i.SalesCount));
        }

        var sold = products.Where(p => p.Row.Visibility == Visibility.Public).MaxBy(p => p.Counters.SalesCount)!.Row;
        var found = await _anonymous.PageAsync($"/api/products?q={Uri.EscapeDataString(sold.Title)}&tenant={sold.TenantSlug}&category={sold.Category}");
        Assert.Contains(sold.ProductId, found.Items.Select(i => i.ProductId));

        // The trigger kept the counts through the bulk COPY: they equal a count of the table.
        var served = (await _anonymous.GetFromJsonAsync<CategoryList>("/api/categories"))!.Items;
        await using var count = database.CreateCommand(
            "SELECT category, count(*) FROM catalog WHERE visibility = 'public' AND tenant_active GROUP BY category");
        var counted = new Dictionary<string, long>();
        await using (var reader = await count.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                counted[reader.GetString(0)] = reader.GetInt64(1);
        Assert.Equal(Categories.All.Select(c => (c, counted.GetValueOrDefault(c))), served.Select(c => (c.Category, c.Products)));
    }

    [Fact]
    public async Task Seeded_trending_scores_fold_sales_as_catalog_trending_add_does()
    {
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        (long Quantity, DateTimeOffset At)[] sales =
        [
            (3, new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero)),
            (1, new DateTimeOffset(2026, 10, 30, 23, 0, 0, TimeSpan.Zero)),
            (250, new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)),
        ];
        double inCSharp = 0, inSql = 0;
        foreach (var (quantity, at) in sales)
        {
            inCSharp = CatalogSeed.TrendingAdd(inCSharp, quantity, at);
            await using var add = database.CreateCommand("SELECT catalog_trending_add(@score, @quantity, @at)");
            add.Parameters.AddWithValue("score", inSql);
            add.Parameters.AddWithValue("quantity", quantity);
            add.Parameters.AddWithValue("at", at);
            inSql = (double)(await add.ExecuteScalarAsync())!;
        }
        Assert.Equal(inSql, inCSharp, 1e-9);
    }

    private sealed record CategoryList(IReadOnlyList<CategoryCount> Items);
}
