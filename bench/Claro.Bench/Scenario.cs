using System.Net;
using System.Text.Json.Nodes;
using Claro.Api.Accounts;

namespace Claro.Bench;

public sealed record Shop(string Slug, string OwnerToken, string ProductId);

public sealed record PreparedCheckout(string Token, Shop Shop, string CheckoutId, string StripeSessionId);

/// <summary>The arrangements, through the same HTTP routes a creator and a buyer use (as the tests arrange them).</summary>
public sealed class Scenario(Http http, BearerTokens tokens)
{
    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    public string TokenFor(string userId) => tokens.Issue(userId).Token;

    /// <summary>A storefront whose Stripe account finished onboarding, selling one public product.</summary>
    public async Task<Shop> OnboardedShopAsync(int number, CancellationToken cancel)
    {
        var owner = TokenFor(NewId("u_"));
        var slug = NewId("bench-shop-");
        (await http.ApiAsync(HttpMethod.Post, "/api/tenants", owner, new { name = $"Bench Shop {number}", slug }, cancel))
            .Expect(HttpStatusCode.Created, "create tenant");
        (await http.ApiAsync(HttpMethod.Post, $"/api/tenants/{slug}/admin/stripe/onboarding", owner, cancel: cancel)).EnsureOk("onboarding");
        var admin = (await http.ApiAsync(HttpMethod.Get, $"/api/tenants/{slug}/admin", owner, cancel: cancel)).EnsureOk("tenant admin").Json();
        var accountId = admin["stripeAccountId"]!.GetValue<string>();
        (await http.EmulatorAsync(HttpMethod.Post, $"/_emulator/accounts/{accountId}/complete_onboarding", cancel)).EnsureOk("complete onboarding");

        // The emulator delivers nothing in this run: hand Claro the account.updated it emitted, as Stripe would.
        var updated = (await EventsAsync(cancel))
            .First(e => e["type"]!.GetValue<string>() == "account.updated" && e["data"]!["object"]!["id"]!.GetValue<string>() == accountId);
        (await http.DeliverWebhookAsync(updated.ToJsonString(), cancel)).EnsureOk("deliver account.updated");
        var charges = (await http.ApiAsync(HttpMethod.Get, $"/api/tenants/{slug}/admin", owner, cancel: cancel)).EnsureOk("tenant admin").Json();
        if (charges["chargesEnabled"]?.GetValue<bool>() != true)
            throw new InvalidOperationException($"shop {slug} cannot take charges after account.updated: {charges}");

        var product = await http.ApiAsync(HttpMethod.Post, $"/api/tenants/{slug}/admin/products", owner, new Dictionary<string, object?>
        {
            ["title"] = $"Night Sky Presets {number}",
            ["slug"] = NewId("presets-"),
            ["price"] = new { amount = 1999, currency = "usd" },
            ["visibility"] = "public",
            ["category"] = "photography",
            ["tags"] = new[] { "Lightroom", "night" },
            ["description"] = "Twelve presets for dark skies.",
            ["content"] = "# Thanks!\n\nInstall by importing the folder. See [the docs](https://example.com/docs).",
        }, cancel);
        var productId = product.Expect(HttpStatusCode.Created, "create product").Json()["productId"]!.GetValue<string>();
        return new Shop(slug, owner, productId);
    }

    /// <summary>A new buyer with the shop's product in the cart and an open checkout (a Stripe session on the emulator).</summary>
    public async Task<PreparedCheckout> OpenCheckoutAsync(Shop shop, CancellationToken cancel)
    {
        var buyer = TokenFor(NewId("u_"));
        (await http.ApiAsync(HttpMethod.Put, $"/api/carts/{shop.Slug}/items/{shop.ProductId}", buyer, new { quantity = 1 }, cancel)).EnsureOk("cart");
        var checkout = (await http.ApiAsync(HttpMethod.Post, $"/api/carts/{shop.Slug}/checkout", buyer, new { }, cancel))
            .Expect(HttpStatusCode.Created, "checkout").Json();
        return new PreparedCheckout(buyer, shop, checkout["checkoutId"]!.GetValue<string>(), checkout["stripeSessionId"]!.GetValue<string>());
    }

    /// <summary>Pays the session on the emulator (its control API) and answers the paid session object.</summary>
    public async Task<JsonObject> PayAsync(PreparedCheckout checkout, CancellationToken cancel)
    {
        var session = (await http.EmulatorAsync(HttpMethod.Post, $"/_emulator/checkout/sessions/{checkout.StripeSessionId}/pay", cancel))
            .EnsureOk("pay").Json().AsObject();
        if (session["payment_status"]?.GetValue<string>() != "paid")
            throw new InvalidOperationException($"session {checkout.StripeSessionId} not paid: {session["payment_status"]}");
        return session;
    }

    /// <summary>Every event the emulator emitted, newest first, each as it was signed (without the control API's delivery log).</summary>
    public async Task<List<JsonObject>> EventsAsync(CancellationToken cancel) =>
        (await http.EmulatorAsync(HttpMethod.Get, "/_emulator/events", cancel)).EnsureOk("events").Json()["data"]!.AsArray()
            .Select(e =>
            {
                var body = e!.AsObject();
                body.Remove("delivery");
                return body;
            }).ToList();

    /// <summary>
    /// A <c>checkout.session.completed</c> body built from a real one the emulator emitted, with a
    /// fresh event id and this paid session as data.object: what Stripe would send for it.
    /// </summary>
    public static string CompletedEvent(JsonObject template, JsonObject paidSession)
    {
        var body = template.DeepClone().AsObject();
        body["id"] = NewId("evt_bench_");
        body["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        body["data"] = new JsonObject { ["object"] = paidSession.DeepClone() };
        return body.ToJsonString();
    }
}

public static class AnswerChecks
{
    public static Http.Answer EnsureOk(this Http.Answer answer, string what) =>
        answer.Ok ? answer : throw new InvalidOperationException($"{what}: answered {(int)answer.Status}: {(answer.Body.Length > 400 ? answer.Body[..400] : answer.Body)}");
}
