using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Platform;
using Claro.Tests.Platform;
using Npgsql;
using Orleans.Storage;

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

    [Fact]
    public async Task A_stock_an_earlier_claro_kept_in_orleans_grain_storage_moves_to_the_table_as_it_was()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();
        var keys = $"{shop.Admin}/{product.ProductId}/keys";
        var stock = api.Claro.Client.GetGrain<IStockGrain>(TenantKey.For(product.TenantId, product.ProductId));
        await api.Claro.Cluster.DeactivateAsync(stock);
        var added = DateTimeOffset.UtcNow.AddDays(-1);
        var earlier = new StockState
        {
            Keys =
            [
                new StockKey { Value = "K-FREE", AddedAt = added },
                new StockKey { Value = "K-HELD", AddedAt = added, ReservedBy = "co_running" },
                new StockKey { Value = "K-SOLD", AddedAt = added, AssignedTo = "ord_1/" + product.ProductId },
                new StockKey { Value = "K-LAPSED", AddedAt = added, ReservedBy = "co_lapsed" },
            ],
            Reservations =
            {
                ["co_running"] = new StockReservation { Keys = [1], ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) },
                ["co_lapsed"] = new StockReservation { Keys = [3], ExpiresAt = DateTimeOffset.UtcNow.AddHours(-1) },
            },
            Assignments = { ["ord_1/" + product.ProductId] = [2] },
        };
        await api.Claro.GrainStorage.WriteStateAsync(StorageNames.Stock, stock.GetGrainId(), new GrainState<StockState>(earlier));

        Assert.Equal(new StockCounts(2, 1, 1), await shop.Owner.GetFromJsonAsync<StockCounts>(keys));
        Assert.Contains("K-SOLD", await AssertKeysRejectedAsync(await shop.Owner.PostAsJsonAsync(keys, new { keys = new[] { "K-SOLD" } })));
        Assert.Equal(new StockCounts(3, 1, 1), await AddAsync(shop, keys, "K-NEW"));
        Assert.Equal(
            ["K-FREE|", "K-HELD|", "K-SOLD|ord_1/" + product.ProductId, "K-LAPSED|", "K-NEW|"],
            await RowsAsync(TenantKey.For(product.TenantId, product.ProductId)));
        Assert.False(await api.Claro.InGrainStorageAsync<StockState>(StorageNames.Stock, stock.GetGrainId()));
    }

    /// <summary>The product's keys in position order, each as "value|order line it was assigned to".</summary>
    private async Task<List<string>> RowsAsync(string productKey)
    {
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        await using var command = database.CreateCommand("SELECT value || '|' || coalesce(assigned_to, '') FROM license_keys WHERE product_key = @key ORDER BY position");
        command.Parameters.AddWithValue("key", productKey);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
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
