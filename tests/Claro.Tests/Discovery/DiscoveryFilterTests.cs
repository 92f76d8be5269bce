using System.Net;
using System.Net.Http.Json;
using Claro.Discovery;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using static Claro.Tests.Discovery.DiscoveryScenario;

namespace Claro.Tests.Discovery;

[Collection(ApiCollection.Name)]
public sealed class DiscoveryFilterTests(ApiFixture api)
{
    private readonly HttpClient _anonymous = api.CreateClient();

    [Fact]
    public async Task Text_search_finds_a_word_in_title_tags_or_description_and_ranks_title_first()
    {
        var shop = await api.NewShopAsync();
        var word = UniqueWord();
        var mark = UniqueWord("tag");
        var inDescription = await shop.AddProductAsync(mark, title: "Plain one", description: $"All about {word} here.");
        var inTitle = await shop.AddProductAsync(mark, title: $"The {word} pack");
        var inTags = await shop.AddProductAsync(mark, title: "Plain two", moreTags: [word]);
        await shop.AddProductAsync(mark, title: "Unrelated");

        var found = await _anonymous.IdsAsync($"/api/products?q={word}&tags={mark}");

        Assert.Equal([inTitle.ProductId, inTags.ProductId, inDescription.ProductId], found);
    }

    [Fact]
    public async Task Category_filter_keeps_only_that_category()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var font = await shop.AddProductAsync(mark, category: "fonts");
        await shop.AddProductAsync(mark, category: "music");

        Assert.Equal([font.ProductId], await _anonymous.IdsAsync($"/api/products?tags={mark}&category=fonts"));
    }

    [Fact]
    public async Task Every_tag_asked_for_must_be_on_the_product()
    {
        var shop = await api.NewShopAsync();
        var first = UniqueWord();
        var second = UniqueWord();
        var both = await shop.AddProductAsync(first, moreTags: [second]);
        var one = await shop.AddProductAsync(first);

        Assert.Equal([both.ProductId], await _anonymous.IdsAsync($"/api/products?tags={first},{second.ToUpperInvariant()}"));
        Assert.Equal([one.ProductId, both.ProductId], await _anonymous.IdsAsync($"/api/products?tags={first}"));
    }

    [Fact]
    public async Task Price_range_is_inclusive_at_both_ends()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        await shop.AddProductAsync(mark, price: 500);
        var low = await shop.AddProductAsync(mark, price: 1000);
        var high = await shop.AddProductAsync(mark, price: 2000);
        await shop.AddProductAsync(mark, price: 2500);

        Assert.Equal([low.ProductId, high.ProductId], await _anonymous.IdsAsync($"/api/products?tags={mark}&minPrice=1000&maxPrice=2000&sort=price_asc"));
        Assert.Equal(3, (await _anonymous.IdsAsync($"/api/products?tags={mark}&minPrice=1000")).Count);
        Assert.Equal(2, (await _anonymous.IdsAsync($"/api/products?tags={mark}&maxPrice=1000")).Count);
    }

    [Fact]
    public async Task Tenant_filter_keeps_one_storefronts_products()
    {
        var mine = await api.NewShopAsync();
        var theirs = await api.NewShopAsync();
        var mark = UniqueWord();
        var product = await mine.AddProductAsync(mark);
        await theirs.AddProductAsync(mark);

        var page = await _anonymous.PageAsync($"/api/products?tags={mark}&tenant={mine.Slug}");

        var item = Assert.Single(page.Items);
        Assert.Equal(product.ProductId, item.ProductId);
        Assert.Equal(mine.Slug, item.Creator.Slug);
        Assert.Equal(product.TenantId, item.Creator.TenantId);
    }

    [Fact]
    public async Task An_item_carries_the_card_fields_and_never_the_paid_content()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var product = await shop.AddProductAsync(mark, price: 1234, category: "fonts", title: "Card Title");

        var raw = await _anonymous.GetStringAsync($"/api/products?tags={mark}");
        var item = Assert.Single((await _anonymous.PageAsync($"/api/products?tags={mark}")).Items);

        Assert.DoesNotContain("PAID-CONTENT", raw, StringComparison.Ordinal);
        Assert.Equal(product.Slug, item.Slug);
        Assert.Equal("Card Title", item.Title);
        Assert.Equal(new Claro.Catalog.Money(1234, "usd"), item.Price);
        Assert.Equal("fonts", item.Category);
        Assert.Equal([mark], item.Tags);
        Assert.Equal(0, item.SalesCount);
        Assert.Equal(new CatalogRating(null, 0), item.Rating);
        Assert.True(Math.Abs((item.CreatedAt - product.CreatedAt).TotalMilliseconds) < 1);
    }

    [Fact]
    public async Task Categories_count_public_products_of_every_category()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var before = await CategoriesAsync();

        await shop.AddProductAsync(mark, category: "games");
        await shop.AddProductAsync(mark, category: "games");
        await shop.AddProductAsync(mark, category: "games", visibility: "private");
        await shop.AddProductAsync(mark, category: "games", visibility: "draft");
        var after = await CategoriesAsync();

        Assert.Equal(Claro.Catalog.Categories.All, after.Keys);
        Assert.Equal(before["games"] + 2, after["games"]);
    }

    [Fact]
    public async Task Category_counts_follow_products_that_move_publish_or_leave()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var moving = await shop.AddProductAsync(mark, category: "art");
        var leaving = await shop.AddProductAsync(mark, category: "art");
        var publishing = await shop.AddProductAsync(mark, category: "art", visibility: "draft");
        var before = await CategoriesAsync();

        (await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{moving.ProductId}", new { category = "fonts" })).EnsureSuccessStatusCode();
        (await shop.Owner.DeleteAsync($"{shop.Admin}/{leaving.ProductId}")).EnsureSuccessStatusCode();
        (await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{publishing.ProductId}", new { visibility = "public" })).EnsureSuccessStatusCode();
        (await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{publishing.ProductId}", new { title = "Renamed, still art" })).EnsureSuccessStatusCode();
        var after = await CategoriesAsync();

        Assert.Equal(before["art"] - 1, after["art"]);
        Assert.Equal(before["fonts"] + 1, after["fonts"]);
    }

    private async Task<Dictionary<string, long>> CategoriesAsync()
    {
        var list = await _anonymous.GetFromJsonAsync<DiscoveryCategoryList>("/api/categories");
        return list!.Items.ToDictionary(c => c.Category, c => c.Products);
    }

    private sealed record DiscoveryCategoryList(IReadOnlyList<CategoryCount> Items);

    [Theory]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("sort=relevance", "sort")]
    [InlineData("minPrice=-1", "minPrice")]
    [InlineData("maxPrice=ten", "maxPrice")]
    [InlineData("minPrice=2000&maxPrice=1000", "minPrice")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=x", "limit")]
    [InlineData("category=spaceships", "category")]
    [InlineData("tags=ok,no!pe", "tags")]
    [InlineData("tenant=Not_A_Slug", "tenant")]
    [InlineData("cursor=garbage", "cursor")]
    public async Task A_bad_parameter_is_a_400_naming_it(string query, string field)
    {
        var (code, fields) = await _anonymous.ProblemAsync($"/api/products?{query}");

        Assert.Equal("validation_failed", code);
        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task A_limit_in_range_is_honoured_and_24_is_the_default()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        for (var i = 0; i < 3; i++)
            await shop.AddProductAsync(mark);

        Assert.Equal(2, (await _anonymous.IdsAsync($"/api/products?tags={mark}&limit=2")).Count);
        Assert.Equal(3, (await _anonymous.IdsAsync($"/api/products?tags={mark}")).Count);
    }

    [Fact]
    public async Task An_unknown_storefront_is_a_404()
    {
        var response = await _anonymous.GetAsync($"/api/tenants/{CatalogScenario.NewSlug("nobody")}/products");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
