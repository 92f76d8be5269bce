using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Carts;
using Claro.Catalog;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Carts;

[Collection(ApiCollection.Name)]
public sealed class CartTests(ApiFixture api)
{
    [Fact]
    public async Task A_cart_shows_current_prices_and_totals_and_stores_no_price()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();
        var buyer = api.CreateClient(CatalogScenario.NewUserId());

        var set = await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 3, price = new { amount = 1, currency = "usd" } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var repriced = await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { price = new { amount = 2500, currency = "usd" } });
        Assert.Equal(HttpStatusCode.OK, repriced.StatusCode);

        var cart = await buyer.GetFromJsonAsync<CartView>($"/api/carts/{shop.Slug}");
        var line = Assert.Single(cart!.Lines);
        Assert.Equal(new Money(2500, "usd"), line.UnitPrice);
        Assert.Equal(new Money(7500, "usd"), line.LineTotal);
        Assert.Equal([new Money(7500, "usd")], cart.Totals);
        var total = (await buyer.GetFromJsonAsync<JsonElement>($"/api/carts/{shop.Slug}")).GetProperty("total");
        Assert.Equal(new Money(7500, "usd"), total.Deserialize<Money>(JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task Lines_keep_the_order_they_were_put_in_when_a_quantity_changes_and_when_the_cart_is_read_again()
    {
        var shop = await api.NewShopAsync();
        var products = new[] { await shop.CreateProductAsync(), await shop.CreateProductAsync(), await shop.CreateProductAsync() };
        var buyerId = CatalogScenario.NewUserId();
        var buyer = api.CreateClient(buyerId);
        foreach (var product in products)
            Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{products[0].ProductId}", new { quantity = 4 })).StatusCode);
        var expected = new[] { (products[0].ProductId, 4), (products[1].ProductId, 1), (products[2].ProductId, 1) };

        var cart = (await buyer.GetFromJsonAsync<CartView>($"/api/carts/{shop.Slug}"))!;
        Assert.Equal(expected, cart.Lines.Select(line => (line.ProductId, line.Quantity)));

        // A new activation reads the cart from its rows.
        await api.Claro.Cluster.DeactivateAsync(api.Claro.Client.GetGrain<ICartGrain>(CartKey.For(buyerId, cart.TenantId)));
        var reread = (await buyer.GetFromJsonAsync<CartView>($"/api/carts/{shop.Slug}"))!;
        Assert.Equal(expected, reread.Lines.Select(line => (line.ProductId, line.Quantity)));
    }

    [Fact]
    public async Task A_product_of_another_tenant_is_404_in_this_tenants_cart()
    {
        var shop = await api.NewShopAsync();
        var otherShop = await api.NewShopAsync();
        var foreignProduct = await otherShop.CreateProductAsync();
        var buyer = api.CreateClient(CatalogScenario.NewUserId());

        var response = await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{foreignProduct.ProductId}", new { quantity = 1 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty((await buyer.GetFromJsonAsync<CartView>($"/api/carts/{shop.Slug}"))!.Lines);
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("archived")]
    public async Task A_product_not_for_sale_cannot_go_in_a_cart(string visibility)
    {
        var shop = await api.NewShopAsync();
        var body = CatalogScenario.ValidProduct();
        body["visibility"] = visibility == "archived" ? "public" : visibility;
        var product = await shop.CreateProductAsync(body);
        if (visibility == "archived")
            Assert.Equal(HttpStatusCode.OK, (await shop.Owner.DeleteAsync($"{shop.Admin}/{product.ProductId}")).StatusCode);
        var buyer = api.CreateClient(CatalogScenario.NewUserId());

        var response = await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(-1)]
    public async Task A_quantity_outside_1_to_10_is_400_naming_the_field(int quantity)
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();
        var buyer = api.CreateClient(CatalogScenario.NewUserId());

        var response = await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"quantity\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_buyer_keeps_one_cart_per_creator_and_removing_the_last_line_drops_it_from_the_list()
    {
        var first = await api.NewShopAsync();
        var second = await api.NewShopAsync();
        var a = await first.CreateProductAsync();
        var b = await second.CreateProductAsync();
        var buyer = api.CreateClient(CatalogScenario.NewUserId());

        await buyer.PutAsJsonAsync($"/api/carts/{first.Slug}/items/{a.ProductId}", new { quantity = 1 });
        await buyer.PutAsJsonAsync($"/api/carts/{second.Slug}/items/{b.ProductId}", new { quantity = 2 });
        Assert.Equal(2, (await buyer.GetFromJsonAsync<CartListBody>("/api/carts"))!.Items.Count);

        await buyer.DeleteAsync($"/api/carts/{first.Slug}/items/{a.ProductId}");

        var remaining = Assert.Single((await buyer.GetFromJsonAsync<CartListBody>("/api/carts"))!.Items);
        Assert.Equal(b.ProductId, Assert.Single(remaining.Lines).ProductId);
    }

    [Fact]
    public async Task Carts_need_a_signed_in_buyer()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync("/api/carts")).StatusCode);
    }

    private sealed record CartListBody(IReadOnlyList<CartView> Items);
}
