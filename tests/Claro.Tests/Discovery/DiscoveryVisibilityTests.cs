using System.Net.Http.Json;
using Claro.Catalog;
using Claro.Discovery;
using Claro.Platform;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using Npgsql;
using Orleans.Core.Internal;
using static Claro.Tests.Discovery.DiscoveryScenario;

namespace Claro.Tests.Discovery;

[Collection(ApiCollection.Name)]
public sealed class DiscoveryVisibilityTests(ApiFixture api)
{
    private readonly HttpClient _anonymous = api.CreateClient();

    [Fact]
    public async Task A_private_product_shows_on_its_storefront_only()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var shown = await shop.AddProductAsync(mark, visibility: "public");
        var hidden = await shop.AddProductAsync(mark, visibility: "private");

        Assert.Equal([shown.ProductId], await _anonymous.IdsAsync($"/api/products?tags={mark}"));
        Assert.Equal([shown.ProductId], await _anonymous.IdsAsync($"/api/products?tags={mark}&tenant={shop.Slug}"));
        Assert.Equal([hidden.ProductId, shown.ProductId], await _anonymous.IdsAsync($"/api/tenants/{shop.Slug}/products?tags={mark}"));
        var other = await api.NewShopAsync();
        Assert.Empty(await _anonymous.IdsAsync($"/api/tenants/{other.Slug}/products?tags={mark}"));
    }

    [Fact]
    public async Task Drafts_and_archived_products_are_nowhere_public()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        await shop.AddProductAsync(mark, visibility: "draft");
        var archived = await shop.AddProductAsync(mark, visibility: "public");
        var archivedPrivate = await shop.AddProductAsync(mark, visibility: "private");
        Assert.Equal(2, (await _anonymous.IdsAsync($"/api/tenants/{shop.Slug}/products?tags={mark}")).Count);

        await shop.Owner.DeleteAsync($"{shop.Admin}/{archived.ProductId}");
        await shop.Owner.DeleteAsync($"{shop.Admin}/{archivedPrivate.ProductId}");

        Assert.Empty(await _anonymous.IdsAsync($"/api/products?tags={mark}"));
        Assert.Empty(await _anonymous.IdsAsync($"/api/tenants/{shop.Slug}/products?tags={mark}"));
        Assert.Empty(await shop.Owner.IdsAsync($"/api/tenants/{shop.Slug}/products?tags={mark}"));
    }

    [Fact]
    public async Task A_price_edit_shows_in_discovery_within_a_second()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var product = await shop.AddProductAsync(mark, price: 1999);

        var edited = await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { price = new { amount = 2499, currency = "usd" } });
        edited.EnsureSuccessStatusCode();

        var items = await Eventually.ReturnsAsync(
            async () => (await _anonymous.PageAsync($"/api/products?tags={mark}&minPrice=2499")).Items,
            found => found.Count == 1 && found[0].Price.Amount == 2499, TimeSpan.FromSeconds(1));
        Assert.Equal(product.ProductId, items[0].ProductId);
    }

    [Fact]
    public async Task Making_a_private_product_public_brings_it_into_the_marketplace()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var product = await shop.AddProductAsync(mark, visibility: "private");
        Assert.Empty(await _anonymous.IdsAsync($"/api/products?tags={mark}"));

        (await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { visibility = "public" })).EnsureSuccessStatusCode();

        Assert.Equal([product.ProductId], await _anonymous.IdsAsync($"/api/products?tags={mark}"));
    }

    [Fact]
    public async Task An_older_write_never_overwrites_a_newer_row()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var product = await shop.AddProductAsync(mark, title: "Original");
        (await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { title = "Second edit" })).EnsureSuccessStatusCode();
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        var projection = new CatalogProjection(database);
        var stale = new CatalogRow(
            product.ProductId, product.TenantId, shop.Slug, product.Slug, "Stale title", "", product.Category, [mark],
            new Money(99_999, "usd"), Visibility.Draft, FileCount: 0, product.CreatedAt, product.UpdatedAt, Version: 1);

        var applied = await projection.UpsertAsync(stale);

        Assert.False(applied);
        var item = Assert.Single((await _anonymous.PageAsync($"/api/products?tags={mark}")).Items);
        Assert.Equal("Second edit", item.Title);
        Assert.Equal(1999, item.Price.Amount);
        Assert.True(await projection.UpsertAsync(stale with { Version = 3, Title = "Newer", Visibility = Visibility.Public }));
        Assert.Equal("Newer", Assert.Single((await _anonymous.PageAsync($"/api/products?tags={mark}")).Items).Title);
    }

    [Fact]
    public async Task A_product_edit_keeps_the_counters_fulfilment_and_reviews_wrote()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var product = await shop.AddProductAsync(mark);
        await api.SetCountersAsync(product.ProductId, sales: 12, trending: 3.5, ratingSum: 8, ratingCount: 2);

        (await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { title = "Renamed" })).EnsureSuccessStatusCode();

        var item = Assert.Single((await _anonymous.PageAsync($"/api/products?tags={mark}")).Items);
        Assert.Equal("Renamed", item.Title);
        Assert.Equal(12, item.SalesCount);
        Assert.Equal(new CatalogRating(4, 2), item.Rating);
    }

    [Fact]
    public async Task A_lost_catalog_row_comes_back_when_the_product_activates_again()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var product = await shop.AddProductAsync(mark);
        await using (var database = NpgsqlDataSource.Create(api.Claro.Settings.Database))
        await using (var delete = database.CreateCommand($"DELETE FROM catalog WHERE product_id = '{product.ProductId}'"))
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        Assert.Empty(await _anonymous.IdsAsync($"/api/products?tags={mark}"));

        await api.Claro.Client.GetGrain<IProductGrain>(TenantKey.For(product.TenantId, product.ProductId))
            .AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        // Any call activates the product again; activation projects its state.
        var ids = await Eventually.ReturnsAsync(async () =>
        {
            await _anonymous.GetAsync($"/api/tenants/{shop.Slug}/products/{product.Slug}");
            return await _anonymous.IdsAsync($"/api/products?tags={mark}");
        }, found => found.Count == 1);
        Assert.Equal([product.ProductId], ids);
    }
}
