using System.Net.Http.Json;
using Claro.Checkout;
using Claro.Tests.Platform;

namespace Claro.Tests.Checkout;

[Collection(PaymentsCollection.Name)]
public sealed class ChaosDeliveryTests(PaymentsFixture payments)
{
    [Fact]
    public async Task Webhooks_duplicated_and_reordered_by_the_emulator_still_make_one_order_per_checkout()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 700);
        var checkouts = new List<(HttpClient Buyer, CheckoutView Checkout)>();
        for (var i = 0; i < 20; i++)
        {
            var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
            var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
            checkouts.Add((buyer, checkout));
        }

        await Task.WhenAll(checkouts.Select(c => payments.ControlAsync($"checkout/sessions/{c.Checkout.StripeSessionId}/pay")));

        foreach (var (buyer, checkout) in checkouts)
        {
            await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
            Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        }
        // 20 completed events at a 30% duplicate share: none delivered twice would happen about 1 time in 1,250.
        var sessions = checkouts.Select(c => c.Checkout.StripeSessionId).ToHashSet();
        var events = (await payments.Emulator.GetFromJsonAsync<System.Text.Json.JsonElement>("/_emulator/events")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "checkout.session.completed"
                        && sessions.Contains(e.GetProperty("data").GetProperty("object").GetProperty("id").GetString()))
            .ToList();
        Assert.Equal(20, events.Count);
        Assert.Contains(events, e => e.GetProperty("delivery").GetProperty("attempts").EnumerateArray().Any(a => a.GetProperty("delivery").GetInt32() > 1));
    }
}
