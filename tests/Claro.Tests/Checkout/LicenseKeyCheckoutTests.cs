using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Checkout;

[Collection(PaymentsCollection.Name)]
public sealed class LicenseKeyCheckoutTests(PaymentsFixture payments)
{
    [Fact]
    public async Task Two_buyers_racing_for_the_last_key_one_pays_and_the_other_gets_out_of_stock()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 4900);
        await AddKeysAsync(shop, product, "LAST-KEY-1");
        var first = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        var second = await payments.BuyerWithCartAsync(shop, product, quantity: 1);

        var responses = await Task.WhenAll(
            first.PostAsync($"/api/carts/{shop.Slug}/checkout", null),
            second.PostAsync($"/api/carts/{shop.Slug}/checkout", null));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var refused = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("out_of_stock", problem.GetProperty("code").GetString());
        Assert.Equal(product.ProductId, Assert.Single(problem.GetProperty("lines").EnumerateArray()).GetProperty("productId").GetString());

        var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<CheckoutView>(PaymentsFixture.Json))!;
        await payments.ControlAsync($"checkout/sessions/{winner.StripeSessionId}/pay");
        await Eventually.ReturnsAsync(() => CountsAsync(shop, product), counts => counts.Assigned == 1);
    }

    [Fact]
    public async Task A_paid_order_gets_one_key_per_unit_and_never_twice()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1000);
        await AddKeysAsync(shop, product, "K-1", "K-2", "K-3");
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 2);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        Assert.Equal(new StockCounts(1, 2, 0), await CountsAsync(shop, product));

        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        var completed = await payments.EventBodyAsync("checkout.session.completed", checkout.StripeSessionId!);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => payments.DeliverWebhookAsync(completed)));

        await Eventually.ReturnsAsync(() => CountsAsync(shop, product), counts => counts.Assigned == 2);
        Assert.Equal(new StockCounts(1, 0, 2), await CountsAsync(shop, product));
    }

    [Fact]
    public async Task An_expired_session_frees_its_keys()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1000);
        await AddKeysAsync(shop, product, "ONLY-1");
        var first = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        var checkout = await PaymentsFixture.CheckoutAsync(first, shop.Slug);
        Assert.Equal(new StockCounts(0, 1, 0), await CountsAsync(shop, product));

        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/expire");

        await Eventually.ReturnsAsync(() => CountsAsync(shop, product), counts => counts.Available == 1);
        var expired = await first.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json);
        Assert.Equal(CheckoutStatus.Expired, expired!.Status);
        var second = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        Assert.Equal(HttpStatusCode.Created, (await second.PostAsync($"/api/carts/{shop.Slug}/checkout", null)).StatusCode);
    }

    private static async Task AddKeysAsync(CreatorShop shop, ProductDetails product, params string[] keys) =>
        Assert.Equal(HttpStatusCode.OK, (await shop.Owner.PostAsJsonAsync($"{shop.Admin}/{product.ProductId}/keys", new { keys })).StatusCode);

    private static async Task<StockCounts> CountsAsync(CreatorShop shop, ProductDetails product) =>
        (await shop.Owner.GetFromJsonAsync<StockCounts>($"{shop.Admin}/{product.ProductId}/keys"))!;
}
