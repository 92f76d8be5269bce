using System.Net;
using System.Net.Http.Json;
using Claro.Checkout;
using Claro.Tests.Checkout;
using Claro.Tests.Platform;

namespace Claro.Tests.Library;

[Collection(PaymentsCollection.Name)]
public sealed class RefundAndDisputeTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_full_refund_revokes_access_and_is_recorded_on_the_order()
    {
        var (buyer, productId, checkout, intent) = await PaidPurchaseAsync(price: 1200);

        await payments.ControlAsync($"payment_intents/{intent}/refund");

        await Eventually.ReturnsAsync(() => StatusOfAsync(buyer, checkout), status => status == CheckoutStatus.Refunded);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{productId}")).StatusCode);
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id AND status = 'refunded' AND refunded = 1200", checkout.CheckoutId));
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM audit_events WHERE order_id = @id AND kind = 'order.refunded'", checkout.OrderId!));
        Assert.Equal((0, 0, true), await CountersAsync(productId));
    }

    [Fact]
    public async Task A_partial_refund_is_recorded_and_access_stays()
    {
        var (buyer, productId, checkout, intent) = await PaidPurchaseAsync(price: 1200);

        await payments.ControlAsync($"payment_intents/{intent}/refund", new { amount = 200 });

        await Eventually.ReturnsAsync(
            () => payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id AND refunded = 200", checkout.CheckoutId),
            rows => rows == 1);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{productId}")).StatusCode);
        Assert.Equal(CheckoutStatus.Fulfilled, await StatusOfAsync(buyer, checkout));
        Assert.Equal((1, 1200, true), await CountersAsync(productId));
    }

    [Fact]
    public async Task An_open_dispute_suspends_access_and_a_won_one_restores_it()
    {
        var (buyer, productId, checkout, intent) = await PaidPurchaseAsync(price: 3000);

        var dispute = await payments.ControlAsync($"payment_intents/{intent}/dispute");
        await Eventually.ReturnsAsync(() => StatusOfAsync(buyer, checkout), status => status == CheckoutStatus.Disputed);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{productId}")).StatusCode);

        await payments.ControlAsync($"disputes/{dispute["id"]!.GetValue<string>()}/close", new { outcome = "won" });
        await Eventually.ReturnsAsync(() => StatusOfAsync(buyer, checkout), status => status == CheckoutStatus.Reinstated);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{productId}")).StatusCode);
        Assert.Equal((1, 3000, true), await CountersAsync(productId));
    }

    [Fact]
    public async Task A_lost_dispute_revokes_access()
    {
        var (buyer, productId, checkout, intent) = await PaidPurchaseAsync(price: 3000);

        var dispute = await payments.ControlAsync($"payment_intents/{intent}/dispute");
        await payments.ControlAsync($"disputes/{dispute["id"]!.GetValue<string>()}/close", new { outcome = "lost" });

        await Eventually.ReturnsAsync(() => StatusOfAsync(buyer, checkout), status => status == CheckoutStatus.DisputeLost);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{productId}")).StatusCode);
        Assert.Equal((0, 0, true), await CountersAsync(productId));
    }

    [Fact]
    public async Task A_refund_whose_steps_run_again_after_a_crash_takes_the_sale_back_once()
    {
        var (buyer, productId, checkout, intent) = await PaidPurchaseAsync(price: 800);
        SimulatedCrashes.ArmAfterSteps(checkout.CheckoutId);

        await payments.ControlAsync($"payment_intents/{intent}/refund");
        await Eventually.ReturnsAsync(() => StatusOfAsync(buyer, checkout), status => status == CheckoutStatus.Refunded);
        Assert.Equal((0, 0, true), await CountersAsync(productId));
        // The persisted session still owes the refund's steps: its next activation performs them again.
        await payments.Claro.Cluster.DeactivateAsync(payments.Claro.Client.GetGrain<ICheckoutSessionGrain>(CheckoutKey.For(await BuyerIdOfAsync(checkout), checkout.CheckoutId)));
        Assert.Equal(CheckoutStatus.Refunded, await StatusOfAsync(buyer, checkout));

        Assert.Equal((0, 0, true), await CountersAsync(productId));
    }

    private async Task<string> BuyerIdOfAsync(CheckoutView checkout)
    {
        await using var database = Npgsql.NpgsqlDataSource.Create(payments.Claro.Settings.Database);
        await using var command = database.CreateCommand("SELECT buyer_id FROM orders WHERE checkout_id = @id");
        command.Parameters.AddWithValue("id", checkout.CheckoutId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The product's sales count, revenue and whether it trends, once every pending sale is folded.</summary>
    private async Task<(long Sales, long Revenue, bool Trends)> CountersAsync(string productId)
    {
        await payments.WhenSalesFoldedAsync(productId);
        return (await payments.CountAsync("SELECT sales_count FROM catalog WHERE product_id = @id", productId),
            await payments.CountAsync("SELECT revenue FROM catalog WHERE product_id = @id", productId),
            await payments.CountAsync("SELECT count(*) FROM catalog WHERE product_id = @id AND trending_score > 0", productId) == 1);
    }

    private static async Task<CheckoutStatus> StatusOfAsync(HttpClient buyer, CheckoutView checkout) =>
        (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!.Status;

    private async Task<(HttpClient Buyer, string ProductId, CheckoutView Checkout, string PaymentIntent)> PaidPurchaseAsync(long price)
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price);
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        var paid = await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        var fulfilled = await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{product.ProductId}")).StatusCode);
        return (buyer, product.ProductId, fulfilled, paid["payment_intent"]!.GetValue<string>());
    }
}
