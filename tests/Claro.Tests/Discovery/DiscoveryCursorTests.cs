using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using static Claro.Tests.Discovery.DiscoveryScenario;

namespace Claro.Tests.Discovery;

[Collection(ApiCollection.Name)]
public sealed class DiscoveryCursorTests(ApiFixture api)
{
    private readonly HttpClient _anonymous = api.CreateClient();

    [Theory]
    [InlineData("price_asc")]
    [InlineData("newest")]
    public async Task A_cursor_walk_sees_every_product_once_while_others_are_added(string sort)
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var prices = new long[] { 100, 200, 300, 400, 500 };
        var existing = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => shop.AddProductAsync(mark, price: prices[i % prices.Length])));
        var added = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var adding = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
                added.Add((await shop.AddProductAsync(mark, price: prices[i % prices.Length] + 50 * (i % 2))).ProductId);
        });

        var walked = await _anonymous.WalkAsync($"/api/products?tags={mark}&sort={sort}&limit=7", () => Task.Delay(20));
        await stop.CancelAsync();
        await adding;

        var ids = walked.Select(i => i.ProductId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(existing.Select(p => p.ProductId).Except(ids));
        Assert.Empty(ids.Except(existing.Select(p => p.ProductId)).Except(added));
        Assert.NotEmpty(added);
    }

    [Fact]
    public async Task A_tampered_cursor_is_refused_with_400_on_cursor()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        for (var i = 0; i < 3; i++)
            await shop.AddProductAsync(mark, price: 100 + i);
        var url = $"/api/products?tags={mark}&sort=price_asc&limit=1";
        var cursor = (await _anonymous.PageAsync(url)).NextCursor!;

        // Move the position forward by one product without re-signing: the sort key 100 becomes 101.
        var dot = cursor.IndexOf('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor.AsSpan(0, dot)));
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace("\n100\n", "\n101\n", StringComparison.Ordinal))) + cursor[dot..];
        Assert.NotEqual(cursor, forged);
        var flipped = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];

        foreach (var bad in new[] { forged, flipped, cursor + "x", cursor[..dot] })
        {
            var (code, fields) = await _anonymous.ProblemAsync($"{url}&cursor={Uri.EscapeDataString(bad)}");
            Assert.Equal("validation_failed", code);
            Assert.Equal(["cursor"], fields);
        }
        Assert.Single((await _anonymous.PageAsync($"{url}&cursor={Uri.EscapeDataString(cursor)}")).Items);
    }

    [Theory]
    [InlineData("sort=price_desc")]
    [InlineData("sort=price_asc&minPrice=1")]
    [InlineData("sort=price_asc&category=fonts")]
    [InlineData("sort=price_asc&tags=OTHER")]
    public async Task A_cursor_used_with_other_filters_or_another_sort_is_refused(string other)
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        for (var i = 0; i < 3; i++)
            await shop.AddProductAsync(mark, price: 100 + i);
        var cursor = (await _anonymous.PageAsync($"/api/products?tags={mark}&sort=price_asc&limit=1")).NextCursor!;
        var otherQuery = other.Replace("OTHER", mark + "," + UniqueWord(), StringComparison.Ordinal);
        var otherUrl = otherQuery.Contains("tags=", StringComparison.Ordinal)
            ? $"/api/products?{otherQuery}&limit=1"
            : $"/api/products?tags={mark}&{otherQuery}&limit=1";

        var (code, fields) = await _anonymous.ProblemAsync($"{otherUrl}&cursor={Uri.EscapeDataString(cursor)}");

        Assert.Equal("validation_failed", code);
        Assert.Equal(["cursor"], fields);
    }

    [Fact]
    public async Task A_marketplace_cursor_does_not_page_a_storefront()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        for (var i = 0; i < 3; i++)
            await shop.AddProductAsync(mark);
        var cursor = (await _anonymous.PageAsync($"/api/products?tags={mark}&limit=1")).NextCursor!;

        var (_, fields) = await _anonymous.ProblemAsync($"/api/tenants/{shop.Slug}/products?tags={mark}&limit=1&cursor={Uri.EscapeDataString(cursor)}");

        Assert.Equal(["cursor"], fields);
    }
}
