using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Accounts;
using Claro.Checkout;
using Claro.Platform;
using Claro.Tests.Checkout;
using Claro.Tests.Platform;

namespace Claro.Tests.Ops;

[Collection(PaymentsCollection.Name)]
public sealed class OpsTests(PaymentsFixture payments)
{
    [Fact]
    public async Task Ops_see_an_order_with_its_timeline_of_stripe_events_and_nobody_else_does()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1100);
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        var paid = await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        var order = (await Eventually.ReturnsAsync(
            async () => (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!,
            view => view.Status == CheckoutStatus.Fulfilled)).OrderId!;
        await payments.ControlAsync($"payment_intents/{paid["payment_intent"]!.GetValue<string>()}/refund");
        await Eventually.ReturnsAsync(
            async () => (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!.Status,
            status => status == CheckoutStatus.Refunded);
        var ops = await OpsClientAsync();

        var timeline = await ops.GetFromJsonAsync<JsonElement>($"/api/ops/orders/{order}");

        var kinds = timeline.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["order.paid", "order.refunded"], kinds);
        Assert.All(timeline.GetProperty("timeline").EnumerateArray(), e => Assert.StartsWith("evt_", e.GetProperty("sourceEvent").GetString()));
        Assert.Equal(1100, timeline.GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.Equal(timeline.GetProperty("order").GetProperty("subtotal").GetProperty("currency").GetString(),
            timeline.GetProperty("refunded").GetProperty("currency").GetString());
        Assert.All(timeline.GetProperty("timeline").EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.GetProperty("auditId").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/ops/orders/{order}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await shop.Owner.GetAsync($"/api/ops/orders/{order}")).StatusCode);

        var audit = await ops.GetFromJsonAsync<JsonElement>($"/api/ops/audit?tenant={shop.Slug}&type=order.refunded");
        Assert.Equal(order, Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("orderId").GetString());
    }

    private async Task<HttpClient> OpsClientAsync()
    {
        var email = $"ops-{Guid.NewGuid():N}@example.com";
        var client = payments.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"2001:db8::{Guid.NewGuid().ToString("N")[..4]}");
        var signup = await client.PostAsJsonAsync("/api/accounts/signup", new { email, password = "correct horse battery", displayName = "Ops" });
        Assert.Equal(HttpStatusCode.Created, signup.StatusCode);
        var body = await signup.Content.ReadFromJsonAsync<JsonElement>();
        using (Caller.Use(new Caller("system:test", [PlatformRoles.Admin])))
            await payments.Claro.Client.GetGrain<IAccountGrain>(body.GetProperty("userId").GetString()!).GrantRoleAsync(PlatformRoles.Ops);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }
}
