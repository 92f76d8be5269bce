using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using Stripe;
using Stripe.Checkout;

namespace Claro.Tests.Checkout;

[Collection(PaymentsCollection.Name)]
public sealed class CheckoutTests(PaymentsFixture payments)
{
    [Fact]
    public async Task Checkout_prices_on_the_server_and_creates_a_destination_charge_with_the_platform_fee()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1999);
        var buyer = payments.CreateClient(CatalogScenario.NewUserId());
        await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 2 });

        var response = await buyer.PostAsJsonAsync($"/api/carts/{shop.Slug}/checkout",
            new { seenPrices = new Dictionary<string, object> { [product.ProductId] = new { amount = 1999, currency = "usd" } } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var checkout = (await response.Content.ReadFromJsonAsync<CheckoutView>(PaymentsFixture.Json))!;
        Assert.Equal(new Money(3998, "usd"), checkout.Subtotal);
        Assert.Equal(new Money(400, "usd"), checkout.PlatformFee); // 3998 × 10% = 399.8, rounded half up
        var stripeSession = await new SessionService(Stripe).GetAsync(checkout.StripeSessionId, new SessionGetOptions { Expand = ["payment_intent"] });
        Assert.Equal(3998, stripeSession.AmountTotal);
        Assert.Equal(checkout.CheckoutId, stripeSession.Metadata["checkoutId"]);
        Assert.Equal(checkout.CheckoutId, stripeSession.ClientReferenceId);
    }

    [Fact]
    public async Task A_paid_session_is_fulfilled_under_an_order_id()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1500);
        var buyer = payments.CreateClient(CatalogScenario.NewUserId());
        await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 });
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);

        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");

        var paid = await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status != CheckoutStatus.Open);
        Assert.Equal(CheckoutStatus.Fulfilled, paid.Status);
        Assert.StartsWith("ord_", paid.OrderId);
    }

    [Fact]
    public async Task Fifty_concurrent_deliveries_of_one_completed_event_create_one_order_one_entitlement_and_one_set_of_counters()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 2500);
        var buyerId = CatalogScenario.NewUserId();
        var buyer = payments.CreateClient(buyerId);
        await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 2 });
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        var completed = await payments.EventBodyAsync("checkout.session.completed", checkout.StripeSessionId!);
        var succeeded = completed.Replace("\"checkout.session.completed\"", "\"checkout.session.async_payment_succeeded\"")
            .Replace("\"id\": \"evt_", "\"id\": \"evt_async_").Replace("\"id\":\"evt_", "\"id\":\"evt_async_");

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => payments.DeliverWebhookAsync(i % 5 == 4 ? succeeded : completed)));

        Assert.All(deliveries, status => Assert.Equal(HttpStatusCode.OK, status));
        var fulfilled = await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM audit_events WHERE order_id = @id AND kind = 'order.paid'", fulfilled.OrderId!));
        var library = await buyer.GetFromJsonAsync<JsonElement>("/api/library");
        var owned = Assert.Single(library.GetProperty("items").EnumerateArray());
        Assert.Equal(product.ProductId, owned.GetProperty("productId").GetString());
        Assert.Empty((await buyer.GetFromJsonAsync<JsonElement>($"/api/carts/{shop.Slug}")).GetProperty("lines").EnumerateArray());
        await payments.WhenSalesFoldedAsync(product.ProductId);
        Assert.Equal(2, await payments.CountAsync("SELECT sales_count FROM catalog WHERE product_id = @id", product.ProductId));
        Assert.Equal(5000, await payments.CountAsync("SELECT revenue FROM catalog WHERE product_id = @id", product.ProductId));
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM catalog WHERE product_id = @id AND trending_score > 0", product.ProductId));
    }

    [Fact]
    public async Task Payment_takes_the_bought_products_out_of_the_cart_and_keeps_what_was_added_since()
    {
        var (shop, bought) = await payments.OnboardedShopWithProductAsync(price: 1500);
        var addedLater = await shop.CreateProductAsync(CatalogScenario.ValidProduct());
        var buyer = await payments.BuyerWithCartAsync(shop, bought, quantity: 1);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{addedLater.ProductId}", new { quantity = 2 })).StatusCode);

        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);

        var lines = (await buyer.GetFromJsonAsync<JsonElement>($"/api/carts/{shop.Slug}")).GetProperty("lines").EnumerateArray().ToList();
        var left = Assert.Single(lines);
        Assert.Equal(addedLater.ProductId, left.GetProperty("productId").GetString());
        Assert.Equal(2, left.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task A_price_change_since_the_buyer_looked_is_a_409_naming_the_line()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1000);
        var buyer = payments.CreateClient(CatalogScenario.NewUserId());
        await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 });
        await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { price = new { amount = 1200, currency = "usd" } });

        var response = await buyer.PostAsJsonAsync($"/api/carts/{shop.Slug}/checkout",
            new { seenPrices = new Dictionary<string, object> { [product.ProductId] = new { amount = 1000, currency = "usd" } } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("price_changed", problem.GetProperty("code").GetString());
        var line = Assert.Single(problem.GetProperty("lines").EnumerateArray());
        Assert.Equal(product.ProductId, line.GetProperty("productId").GetString());
    }

    [Fact]
    public async Task A_creator_who_cannot_take_charges_cannot_be_checked_out_from()
    {
        var shop = await payments.CreateClient(CatalogScenario.NewUserId()).NewShopAsync();
        var product = await shop.CreateProductAsync();
        var buyer = payments.CreateClient(CatalogScenario.NewUserId());
        await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 });

        var response = await buyer.PostAsync($"/api/carts/{shop.Slug}/checkout", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("creator_cannot_accept_payments", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_suspended_creator_cannot_be_checked_out_from()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        var tenantId = await payments.Claro.Client.GetGrain<Claro.Tenants.ITenantSlugGrain>(shop.Slug).GetTenantIdAsync();
        using (Claro.Platform.Caller.Use(new Claro.Platform.Caller("system:test", [Claro.Platform.PlatformRoles.Ops])))
            await payments.Claro.Client.GetGrain<Claro.Tenants.ITenantGrain>(tenantId!).SetSuspendedAsync(true);

        var response = await buyer.PostAsync($"/api/carts/{shop.Slug}/checkout", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("creator_suspended", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_buyer_gets_the_same_404_for_a_checkout_as_for_none()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var buyer = payments.CreateClient(CatalogScenario.NewUserId());
        await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 });
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        var other = payments.CreateClient(CatalogScenario.NewUserId());

        var theirs = await other.GetAsync($"/api/checkouts/{checkout.CheckoutId}");
        var none = await other.GetAsync("/api/checkouts/co_doesnotexist");

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(await none.Content.ReadAsByteArrayAsync(), await theirs.Content.ReadAsByteArrayAsync());
    }

    private StripeClient Stripe => new(new StripeClientOptions
    {
        ApiKey = payments.Claro.Settings.StripeSecretKey,
        ApiBase = payments.EmulatorUrl,
        ConnectBase = payments.EmulatorUrl,
        FilesBase = payments.EmulatorUrl,
    });
}
