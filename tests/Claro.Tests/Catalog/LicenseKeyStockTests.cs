using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class LicenseKeyStockTests(ApiFixture api)
{
    [Fact]
    public async Task Added_keys_are_counted_as_available()
    {
        var (shop, keys) = await NewProductKeysAsync();

        await AddAsync(shop, keys, "KEY-1", "KEY-2", "KEY-3");
        var after = await AddAsync(shop, keys, "KEY-4", "KEY-5");

        Assert.Equal(new StockCounts(5, 0, 0), after);
        Assert.Equal(new StockCounts(5, 0, 0), await shop.Owner.GetFromJsonAsync<StockCounts>(keys));
    }

    [Fact]
    public async Task A_product_without_keys_has_zero_counts()
    {
        var (shop, keys) = await NewProductKeysAsync();

        Assert.Equal(new StockCounts(0, 0, 0), await shop.Owner.GetFromJsonAsync<StockCounts>(keys));
    }

    [Fact]
    public async Task Keys_repeated_in_one_request_reject_the_request_naming_the_repeats_and_add_nothing()
    {
        var (shop, keys) = await NewProductKeysAsync();

        var response = await shop.Owner.PostAsJsonAsync(keys, new { keys = new[] { "AAA-1", "BBB-2", " AAA-1 " } });

        var message = await AssertKeysRejectedAsync(response);
        Assert.Contains("AAA-1", message);
        Assert.DoesNotContain("BBB-2", message);
        Assert.Equal(new StockCounts(0, 0, 0), await shop.Owner.GetFromJsonAsync<StockCounts>(keys));
    }

    [Fact]
    public async Task Keys_already_in_stock_reject_the_request_naming_them_and_add_nothing()
    {
        var (shop, keys) = await NewProductKeysAsync();
        await AddAsync(shop, keys, "OLD-1", "OLD-2");

        var response = await shop.Owner.PostAsJsonAsync(keys, new { keys = new[] { "NEW-1", "OLD-2" } });

        var message = await AssertKeysRejectedAsync(response);
        Assert.Contains("OLD-2", message);
        Assert.DoesNotContain("NEW-1", message);
        Assert.Equal(new StockCounts(2, 0, 0), await shop.Owner.GetFromJsonAsync<StockCounts>(keys));
    }

    public static TheoryData<string> InvalidKeyLists() => new()
    {
        """{"keys":[]}""",
        """{"keys":["   "]}""",
        $$"""{"keys":["{{new string('k', StockRules.MaxKeyLength + 1)}}"]}""",
        """{}""",
    };

    [Theory]
    [MemberData(nameof(InvalidKeyLists))]
    public async Task An_empty_list_or_a_blank_or_over_long_key_is_400_on_keys(string body)
    {
        var (shop, keys) = await NewProductKeysAsync();

        var response = await shop.Owner.PostAsync(keys, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertKeysRejectedAsync(response);
        Assert.Equal(new StockCounts(0, 0, 0), await shop.Owner.GetFromJsonAsync<StockCounts>(keys));
    }

    [Fact]
    public async Task Keys_for_a_product_that_does_not_exist_are_404()
    {
        var shop = await api.NewShopAsync();

        var response = await shop.Owner.PostAsJsonAsync($"{shop.Admin}/p_{Guid.NewGuid():N}/keys", new { keys = new[] { "KEY-1" } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_body_without_keys_is_400_for_the_creator_and_the_same_404_for_anyone_else()
    {
        var (shop, keys) = await NewProductKeysAsync();
        var stranger = api.CreateClient(CatalogScenario.NewUserId());

        await AssertKeysRejectedAsync(await shop.Owner.PostAsJsonAsync(keys, new { }));
        var refused = await stranger.PostAsJsonAsync(keys, new { });

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(await (await stranger.GetAsync($"{shop.Admin}/p_{Guid.NewGuid():N}")).Content.ReadAsStringAsync(), await refused.Content.ReadAsStringAsync());
    }

    private async Task<(CreatorShop Shop, string Keys)> NewProductKeysAsync()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();
        return (shop, $"{shop.Admin}/{product.ProductId}/keys");
    }

    private static async Task<StockCounts> AddAsync(CreatorShop shop, string keys, params string[] values)
    {
        var response = await shop.Owner.PostAsJsonAsync(keys, new { keys = values });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StockCounts>())!;
    }

    /// <summary>Asserts a 400 on <c>keys</c> and returns its messages, joined.</summary>
    private static async Task<string> AssertKeysRejectedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("keys", out var messages));
        return string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()));
    }
}
