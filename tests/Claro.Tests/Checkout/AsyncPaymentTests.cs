using System.Net;
using System.Net.Http.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Tests.Platform;

namespace Claro.Tests.Checkout;

/// <summary>Bank debits and the like: the session completes unpaid and settles later, either way.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class AsyncPaymentTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_delayed_payment_that_succeeds_fulfils_the_order_only_then()
    {
        var (buyer, checkout, shop, product) = await CheckoutWithKeyAsync();

        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay", new { @async = true });
        await Eventually.ReturnsAsync(() => payments.CountAsync(
            "SELECT count(*) FROM stripe_webhook_inbox WHERE type = @id AND handled_at IS NOT NULL", "checkout.session.completed"), n => n > 0);
        Assert.Equal(CheckoutStatus.Open, await StatusAsync(buyer, checkout));
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{product.ProductId}")).StatusCode);

        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/async_succeed");

        await Eventually.ReturnsAsync(() => StatusAsync(buyer, checkout), status => status == CheckoutStatus.Fulfilled);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{product.ProductId}")).StatusCode);
        Assert.Equal(new StockCounts(0, 0, 1), await shop.Owner.GetFromJsonAsync<StockCounts>($"{shop.Admin}/{product.ProductId}/keys"));
    }

    [Fact]
    public async Task A_delayed_payment_that_fails_releases_the_reserved_key_and_grants_nothing()
    {
        var (buyer, checkout, shop, product) = await CheckoutWithKeyAsync();

        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay", new { @async = true });
        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/async_fail");

        await Eventually.ReturnsAsync(() => StatusAsync(buyer, checkout), status => status == CheckoutStatus.Failed);
        await Eventually.ReturnsAsync(
            async () => (await shop.Owner.GetFromJsonAsync<StockCounts>($"{shop.Admin}/{product.ProductId}/keys"))!,
            counts => counts == new StockCounts(1, 0, 0));
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{product.ProductId}")).StatusCode);
        Assert.Equal(0, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
    }

    private static async Task<CheckoutStatus> StatusAsync(HttpClient buyer, CheckoutView checkout) =>
        (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!.Status;

    private async Task<(HttpClient Buyer, CheckoutView Checkout, Tests.Catalog.CreatorShop Shop, ProductDetails Product)> CheckoutWithKeyAsync()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 5000);
        await shop.Owner.PostAsJsonAsync($"{shop.Admin}/{product.ProductId}/keys", new { keys = new[] { "ASYNC-1" } });
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        return (buyer, checkout, shop, product);
    }
}
