using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Discovery;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;
using Claro.Tests.Platform;

namespace Claro.Tests.Discovery;

/// <summary>Sales counters fed by fulfilment, as discovery's trending and bestseller sorts read them.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class SalesCounterTests(PaymentsFixture payments)
{
    [Fact]
    public async Task Paid_orders_rank_their_products_in_the_bestseller_and_trending_sorts()
    {
        var (shop, popular) = await payments.OnboardedShopWithProductAsync(price: 500);
        var niche = await shop.CreateProductAsync(PricedProduct(700));
        var unsold = await shop.CreateProductAsync(PricedProduct(900));

        await BuyAsync(shop, niche, quantity: 1);
        await BuyAsync(shop, popular, quantity: 3);
        // Counters reach the catalog with the next fold; before it, ids alone may order the list by chance.
        await payments.WhenSalesFoldedAsync(niche.ProductId);
        await payments.WhenSalesFoldedAsync(popular.ProductId);

        var visitor = payments.CreateClient();
        foreach (var sort in new[] { "bestseller", "trending" })
        {
            var listed = await Eventually.ReturnsAsync(async () => ProductIds(
                    await visitor.GetFromJsonAsync<JsonElement>($"/api/tenants/{shop.Slug}/products?sort={sort}")),
                ids => ids.Count == 3 && ids[0] == popular.ProductId);
            Assert.Equal([popular.ProductId, niche.ProductId, unsold.ProductId], listed);
        }
        Assert.Equal(3, await payments.CountAsync("SELECT sales_count FROM catalog WHERE product_id = @id", popular.ProductId));
        Assert.Equal(1500, await payments.CountAsync("SELECT revenue FROM catalog WHERE product_id = @id", popular.ProductId));
    }

    [Theory]
    [InlineData("catalog_trending_add(0, 1, @at) - catalog_trending_add(0, 1, @at - interval '7 days')", 0.693147)]
    [InlineData("catalog_trending_add(catalog_trending_add(0, 1, @at), 1, @at) - catalog_trending_add(0, 2, @at)", 0)]
    [InlineData("catalog_trending_add(0, 2, @at) - catalog_trending_add(0, 1, @at)", 0.693147)]
    public async Task The_trending_score_halves_a_sales_weight_each_week_and_adds_sales_up(string expression, double expected)
    {
        await using var database = Npgsql.NpgsqlDataSource.Create(payments.Claro.Settings.Database);
        await using var command = database.CreateCommand($"SELECT {expression}");
        command.Parameters.AddWithValue("at", DateTimeOffset.UtcNow);

        Assert.Equal(expected, (double)(await command.ExecuteScalarAsync())!, precision: 5);
    }

    [Fact]
    public async Task Three_sales_three_weeks_ago_trend_below_one_sale_today()
    {
        await using var database = Npgsql.NpgsqlDataSource.Create(payments.Claro.Settings.Database);
        await using var command = database.CreateCommand(
            "SELECT catalog_trending_add(0, 3, @at - interval '21 days') < catalog_trending_add(0, 1, @at)");
        command.Parameters.AddWithValue("at", DateTimeOffset.UtcNow);

        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Folding_pending_sales_counts_each_once_and_trends_as_adding_them_one_by_one()
    {
        var (_, product) = await payments.OnboardedShopWithProductAsync(price: 400);
        var lastWeek = DateTimeOffset.UtcNow.AddDays(-7);
        var today = DateTimeOffset.UtcNow;
        await using var database = Npgsql.NpgsqlDataSource.Create(payments.Claro.Settings.Database);
        await using (var pending = database.CreateCommand("""
            INSERT INTO catalog_sales_pending (order_id, product_id, quantity, amount, trending)
            SELECT 'ord_fold_' || sale.n || '_' || @product, @product, sale.quantity, sale.quantity * 400, catalog_trending_add(0, sale.quantity, sale.at)
              FROM (VALUES (1, 1::bigint, @last_week::timestamptz), (2, 3::bigint, @today::timestamptz), (3, 2::bigint, @today::timestamptz)) AS sale (n, quantity, at)
            """))
        {
            pending.Parameters.AddWithValue("product", product.ProductId);
            pending.Parameters.AddWithValue("last_week", lastWeek);
            pending.Parameters.AddWithValue("today", today);
            await pending.ExecuteNonQueryAsync();
        }

        // Several folds at once, besides the silo's own: the lock lets one in, the others take nothing.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SalesFolder.FoldAsync(database)));
        await payments.WhenSalesFoldedAsync(product.ProductId);

        Assert.Equal(6, await payments.CountAsync("SELECT sales_count FROM catalog WHERE product_id = @id", product.ProductId));
        Assert.Equal(2400, await payments.CountAsync("SELECT revenue FROM catalog WHERE product_id = @id", product.ProductId));
        await using var trending = database.CreateCommand("""
            SELECT trending_score - catalog_trending_add(catalog_trending_add(catalog_trending_add(0, 1, @last_week), 3, @today), 2, @today)
              FROM catalog WHERE product_id = @product
            """);
        trending.Parameters.AddWithValue("product", product.ProductId);
        trending.Parameters.AddWithValue("last_week", lastWeek);
        trending.Parameters.AddWithValue("today", today);
        Assert.Equal(0, (double)(await trending.ExecuteScalarAsync())!, precision: 9);
    }

    private async Task BuyAsync(CreatorShop shop, ProductDetails product, int quantity)
    {
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
    }

    private static Dictionary<string, object?> PricedProduct(long amount)
    {
        var body = CatalogScenario.ValidProduct();
        body["price"] = new { amount, currency = "usd" };
        return body;
    }

    private static List<string> ProductIds(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("productId").GetString()!).ToList();
}
