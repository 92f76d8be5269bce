using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Checkout;

/// <summary>
/// The session grain dies right after persisting "paid" and the steps it owes: whichever comes
/// first, Stripe's retry or the grain's next activation, finishes every step exactly once. A buyer
/// who looks in between already owns the product, and gets the keys once they are assigned.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class CrashRecoveryTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_crash_after_the_write_ahead_is_healed_by_stripes_retry_with_every_step_done_once()
    {
        var (shop, product, buyer, _, checkout) = await CheckoutWithKeysAsync();
        SimulatedCrashes.ArmAfterWriteAhead(checkout.CheckoutId);

        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");

        await AssertFulfilledOnceAsync(shop, product, buyer, checkout);
        var deliveries = await payments.Emulator.GetFromJsonAsync<JsonElement>("/_emulator/events");
        var completed = deliveries.GetProperty("data").EnumerateArray()
            .First(e => e.GetProperty("type").GetString() == "checkout.session.completed"
                        && e.GetProperty("data").GetProperty("object").GetProperty("id").GetString() == checkout.StripeSessionId);
        Assert.Contains(completed.GetProperty("delivery").GetProperty("attempts").EnumerateArray(), a => a.GetProperty("status_code").ValueKind == JsonValueKind.Number && a.GetProperty("status_code").GetInt32() == 500);
    }

    [Fact]
    public async Task A_crash_after_the_write_ahead_is_healed_when_the_grain_activates_again()
    {
        var (shop, product, buyer, buyerId, checkout) = await CheckoutWithKeysAsync();
        SimulatedCrashes.ArmAfterWriteAhead(checkout.CheckoutId);
        var (eventId, succeeded) = PaymentsFixture.PaymentSucceededEvent(buyerId, checkout);

        Assert.Equal(HttpStatusCode.InternalServerError, await payments.DeliverWebhookAsync(succeeded));
        // The order row and the buyer's access commit with the write-ahead; the keys are among the steps still owed.
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        var early = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");
        Assert.Equal(0, early.GetProperty("licenseKeys").GetArrayLength());
        // The inbox row committed with the write-ahead counts that one delivery, once.
        Assert.Equal(1, await payments.CountAsync("SELECT deliveries::bigint FROM stripe_webhook_inbox WHERE event_id = @id", eventId));
        await payments.Claro.Cluster.DeactivateAsync(payments.Claro.Client.GetGrain<ICheckoutSessionGrain>(CheckoutKey.For(buyerId, checkout.CheckoutId)));

        await AssertFulfilledOnceAsync(shop, product, buyer, checkout);
    }

    private async Task AssertFulfilledOnceAsync(CreatorShop shop, ProductDetails product, HttpClient buyer, CheckoutView checkout)
    {
        var fulfilled = await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM audit_events WHERE order_id = @id AND kind = 'order.paid'", fulfilled.OrderId!));
        Assert.Equal(new StockCounts(1, 0, 2), await shop.Owner.GetFromJsonAsync<StockCounts>($"{shop.Admin}/{product.ProductId}/keys"));
        await payments.WhenSalesFoldedAsync(product.ProductId);
        Assert.Equal(2, await payments.CountAsync("SELECT sales_count FROM catalog WHERE product_id = @id", product.ProductId));
        var item = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");
        Assert.Equal(2, item.GetProperty("licenseKeys").GetArrayLength());
        Assert.Single((await buyer.GetFromJsonAsync<JsonElement>("/api/library")).GetProperty("items").EnumerateArray());
    }

    private async Task<(CreatorShop Shop, ProductDetails Product, HttpClient Buyer, string BuyerId, CheckoutView Checkout)> CheckoutWithKeysAsync()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 2000);
        await shop.Owner.PostAsJsonAsync($"{shop.Admin}/{product.ProductId}/keys", new { keys = new[] { "C-1", "C-2", "C-3" } });
        var buyerId = CatalogScenario.NewUserId();
        var buyer = payments.CreateClient(buyerId);
        await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 2 });
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        return (shop, product, buyer, buyerId, checkout);
    }
}
