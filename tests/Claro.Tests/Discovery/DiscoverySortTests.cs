using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using static Claro.Tests.Discovery.DiscoveryScenario;

namespace Claro.Tests.Discovery;

[Collection(ApiCollection.Name)]
public sealed class DiscoverySortTests(ApiFixture api)
{
    private readonly HttpClient _anonymous = api.CreateClient();

    [Fact]
    public async Task Newest_is_the_default_without_a_search_text()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var first = await shop.AddProductAsync(mark);
        var second = await shop.AddProductAsync(mark);
        var third = await shop.AddProductAsync(mark);

        Assert.Equal([third.ProductId, second.ProductId, first.ProductId], await _anonymous.IdsAsync($"/api/products?tags={mark}"));
        Assert.Equal([third.ProductId, second.ProductId, first.ProductId], await _anonymous.IdsAsync($"/api/products?tags={mark}&sort=newest"));
    }

    [Fact]
    public async Task Price_sorts_order_by_amount_then_product_id_both_ways()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var products = new List<(long Price, string Id)>();
        foreach (var price in new long[] { 900, 700, 1200, 700, 50 })
            products.Add((price, (await shop.AddProductAsync(mark, price: price)).ProductId));
        var ascending = products.OrderBy(p => p.Price).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id).ToList();

        Assert.Equal(ascending, await _anonymous.IdsAsync($"/api/products?tags={mark}&sort=price_asc"));
        Assert.Equal(Enumerable.Reverse(ascending), await _anonymous.IdsAsync($"/api/products?tags={mark}&sort=price_desc"));
    }

    [Fact]
    public async Task Bestseller_trending_and_rating_order_by_their_counters_highest_first()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var a = (await shop.AddProductAsync(mark)).ProductId;
        var b = (await shop.AddProductAsync(mark)).ProductId;
        var c = (await shop.AddProductAsync(mark)).ProductId;
        await api.SetCountersAsync(a, sales: 5, trending: 0.5, ratingSum: 9, ratingCount: 2);   // 4.5
        await api.SetCountersAsync(b, sales: 50, trending: 0.25, ratingSum: 5, ratingCount: 1); // 5.0
        await api.SetCountersAsync(c, sales: 1, trending: 7.75, ratingSum: 0, ratingCount: 0);  // none

        Assert.Equal([b, a, c], await _anonymous.IdsAsync($"/api/products?tags={mark}&sort=bestseller"));
        Assert.Equal([c, a, b], await _anonymous.IdsAsync($"/api/products?tags={mark}&sort=trending"));
        Assert.Equal([b, a, c], await _anonymous.IdsAsync($"/api/products?tags={mark}&sort=rating"));
        var rated = (await _anonymous.PageAsync($"/api/products?tags={mark}&sort=rating")).Items;
        Assert.Equal(new Claro.Discovery.CatalogRating(4.5, 2), rated[1].Rating);
        Assert.Equal(50, rated[0].SalesCount);
    }

    [Fact]
    public async Task Relevance_pages_by_cursor_through_equal_ranks_without_repeats()
    {
        var shop = await api.NewShopAsync();
        var word = UniqueWord();
        var mark = UniqueWord();
        var expected = new List<string>();
        for (var i = 0; i < 4; i++)
            expected.Add((await shop.AddProductAsync(mark, title: $"{word} bundle {i}")).ProductId);
        expected.Add((await shop.AddProductAsync(mark, description: $"mentions {word}")).ProductId);

        var walked = await _anonymous.WalkAsync($"/api/products?q={word}&tags={mark}&limit=2");

        Assert.Equal(5, walked.Count);
        Assert.Equal(expected.Order(), walked.Select(i => i.ProductId).Order());
        Assert.Equal(expected[^1], walked[^1].ProductId);
    }

    [Fact]
    public async Task Every_sort_walks_by_cursor_to_the_same_set_in_the_same_order_as_one_page()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var word = UniqueWord();
        for (var i = 0; i < 6; i++)
            await shop.AddProductAsync(mark, price: 100 * (i % 3 + 1), title: i % 2 == 0 ? $"{word} deluxe {word}" : $"{word} pack");

        foreach (var sort in new[] { "relevance", "newest", "price_asc", "price_desc", "trending", "bestseller", "rating" })
        {
            var url = $"/api/products?q={word}&tags={mark}&sort={sort}";
            var whole = await _anonymous.IdsAsync(url);
            var walked = (await _anonymous.WalkAsync(url + "&limit=4")).Select(i => i.ProductId).ToList();
            Assert.Equal(6, whole.Count);
            Assert.Equal(whole, walked);
        }
    }
}
