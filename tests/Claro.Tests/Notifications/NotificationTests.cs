using System.Net;
using System.Net.Http.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Notifications;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;
using Claro.Tests.Platform;

namespace Claro.Tests.Notifications;

/// <summary>
/// A payment, a refund or a dispute reaches the buyer's and the creator's notifications once,
/// however often Stripe delivers it, and nobody else's.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class NotificationTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_payment_and_its_refund_notify_the_buyer_and_the_creator_once_and_nobody_else()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1100);
        var buyerId = CatalogScenario.NewUserId();
        var buyer = payments.CreateClient(buyerId);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 })).StatusCode);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        var paid = await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        var order = (await Eventually.ReturnsAsync(
            async () => (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!,
            view => view.Status == CheckoutStatus.Fulfilled)).OrderId!;
        // An async success for the same session arrives after it was paid.
        Assert.Equal(HttpStatusCode.OK, await payments.DeliverWebhookAsync(PaymentsFixture.PaymentSucceededEvent(buyerId, checkout).Body));

        var mine = await NotificationsAsync(buyer, "/api/notifications");
        var sold = (await NotificationsAsync(shop.Owner, $"/api/tenants/{shop.Slug}/admin/notifications")).Where(n => n.OrderId == order).ToList();
        foreach (var feed in new[] { mine, sold })
        {
            var notice = Assert.Single(feed);
            Assert.Equal(("order.paid", order, new Money(1100, "usd")), (notice.Kind, notice.OrderId, notice.Amount));
        }
        var stranger = payments.CreateClient(CatalogScenario.NewUserId());
        Assert.Empty(await NotificationsAsync(stranger, "/api/notifications"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/tenants/{shop.Slug}/admin/notifications")).StatusCode);

        await payments.ControlAsync($"payment_intents/{paid["payment_intent"]!.GetValue<string>()}/refund");
        var afterRefund = await Eventually.ReturnsAsync(() => NotificationsAsync(buyer, "/api/notifications"), feed => feed.Count == 2);

        Assert.Equal(["order.refunded", "order.paid"], afterRefund.Select(n => n.Kind));
        Assert.Equal(new Money(1100, "usd"), afterRefund[0].Amount);
        Assert.Equal(["order.refunded", "order.paid"],
            (await NotificationsAsync(shop.Owner, $"/api/tenants/{shop.Slug}/admin/notifications")).Where(n => n.OrderId == order).Select(n => n.Kind));
    }

    [Fact]
    public async Task A_cursor_walks_the_feed_and_a_forged_one_is_400()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 500);
        for (var i = 0; i < 3; i++)
        {
            var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
            var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
            await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
            await Eventually.ReturnsAsync(
                async () => (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!.Status,
                status => status == CheckoutStatus.Fulfilled);
        }
        var feed = $"/api/tenants/{shop.Slug}/admin/notifications";

        var first = (await shop.Owner.GetFromJsonAsync<NotificationPage>($"{feed}?limit=2", PaymentsFixture.Json))!;
        var second = (await shop.Owner.GetFromJsonAsync<NotificationPage>($"{feed}?limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}", PaymentsFixture.Json))!;

        Assert.Equal(2, first.Items.Count);
        Assert.Null(second.NextCursor);
        Assert.Equal(3, first.Items.Concat(second.Items).Select(n => n.OrderId).Distinct().Count());
        Assert.Equal(HttpStatusCode.BadRequest, (await shop.Owner.GetAsync($"{feed}?cursor=not-a-cursor")).StatusCode);
    }

    private static async Task<List<Notification>> NotificationsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<NotificationPage>(path, PaymentsFixture.Json))!.Items.ToList();
}
