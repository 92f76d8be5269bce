using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Platform;
using Claro.Tests.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Claro.Tests.Checkout;

/// <summary>
/// The session's state lives in <c>checkout_sessions</c> and commits with the rows a transition
/// writes: a write-ahead whose order row fails leaves nothing behind, and a session stored by an
/// earlier version in Orleans grain storage is taken over, not lost. Its steps are stored as done
/// only at its next write, so they may run again at any later activation: doing so must change
/// nothing the buyer or creator did since.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class CheckoutSessionStorageTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_write_ahead_whose_order_row_fails_commits_nothing_and_the_retry_fulfils_once()
    {
        var (buyer, buyerId, _, checkout) = await OpenCheckoutAsync();
        // Another order holding this checkout id makes the order statement fail inside the write-ahead.
        await ExecuteAsync("""
            INSERT INTO orders (order_id, checkout_id, stripe_session_id, tenant_id, buyer_id, currency, subtotal, platform_fee, lines, status, paid_at)
            VALUES ('ord_blocker_' || @id, @id, 'cs_blocker_' || @id, 't', 'u', 'usd', 1, 0, '[]', 'paid', now())
            """, checkout.CheckoutId);
        var paid = PaymentsFixture.PaymentSucceededEvent(buyerId, checkout);

        Assert.Equal(HttpStatusCode.InternalServerError, await payments.DeliverWebhookAsync(paid.Body));

        Assert.Equal(CheckoutStatus.Open, (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!.Status);
        Assert.Equal(0, await payments.CountAsync("SELECT count(*) FROM orders WHERE order_id = 'ord_' || substr(@id, 4)", checkout.CheckoutId));
        Assert.Equal(0, await payments.CountAsync("SELECT count(*) FROM stripe_webhook_inbox WHERE event_id = @id AND handled_at IS NOT NULL", paid.EventId));
        Assert.Equal(0, await payments.CountAsync("SELECT count(*) FROM library_entitlements WHERE buyer_id = @id", buyerId));
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{checkout.Lines[0].ProductId}")).StatusCode);

        await ExecuteAsync("DELETE FROM orders WHERE order_id = 'ord_blocker_' || @id", checkout.CheckoutId);
        Assert.Equal(HttpStatusCode.OK, await payments.DeliverWebhookAsync(paid.Body));

        var fulfilled = await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM audit_events WHERE order_id = @id AND kind = 'order.paid'", fulfilled.OrderId!));
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM stripe_webhook_inbox WHERE event_id = @id AND handled_at IS NOT NULL AND deliveries = 2", paid.EventId));
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{checkout.Lines[0].ProductId}")).StatusCode);
    }

    [Fact]
    public async Task A_write_ahead_from_an_activation_whose_row_moved_on_commits_nothing_and_the_retry_fulfils_once()
    {
        var (buyer, buyerId, _, checkout) = await OpenCheckoutAsync();
        // As if another activation had written the row since this one read it.
        await ExecuteAsync("UPDATE checkout_sessions SET version = version + 1 WHERE checkout_key = @id", CheckoutKey.For(buyerId, checkout.CheckoutId));
        var paid = PaymentsFixture.PaymentSucceededEvent(buyerId, checkout);

        Assert.Equal(HttpStatusCode.InternalServerError, await payments.DeliverWebhookAsync(paid.Body));

        Assert.Equal(0, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        Assert.Equal(0, await payments.CountAsync("SELECT count(*) FROM stripe_webhook_inbox WHERE event_id = @id AND handled_at IS NOT NULL", paid.EventId));
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{checkout.Lines[0].ProductId}")).StatusCode);

        // The failed activation went away; the next one reads the row as it is now.
        Assert.Equal(HttpStatusCode.OK, await payments.DeliverWebhookAsync(paid.Body));

        var fulfilled = await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM audit_events WHERE order_id = @id AND kind = 'order.paid'", fulfilled.OrderId!));
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{checkout.Lines[0].ProductId}")).StatusCode);
    }

    [Fact]
    public async Task A_session_kept_in_orleans_grain_storage_by_an_earlier_version_is_taken_over_and_fulfilled()
    {
        var (buyer, buyerId, _, checkout) = await OpenCheckoutAsync();
        var key = CheckoutKey.For(buyerId, checkout.CheckoutId);
        await MoveToLegacyStorageAsync(key);
        Assert.Equal(0, await payments.CountAsync("SELECT count(*) FROM checkout_sessions WHERE checkout_key = @id", key));
        Assert.True(await InLegacyStorageAsync(key));

        var paid = PaymentsFixture.PaymentSucceededEvent(buyerId, checkout);
        Assert.Equal(HttpStatusCode.OK, await payments.DeliverWebhookAsync(paid.Body));

        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM checkout_sessions WHERE checkout_key = @id", key));
        Assert.False(await InLegacyStorageAsync(key));
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{checkout.Lines[0].ProductId}")).StatusCode);
    }

    [Fact]
    public async Task Steps_done_again_when_the_session_activates_later_keep_what_the_buyer_put_in_the_cart_since()
    {
        var (buyer, buyerId, shop, checkout) = await OpenCheckoutAsync();
        var productId = checkout.Lines[0].ProductId;
        await PayAsync(buyer, buyerId, checkout);
        Assert.Empty((await buyer.GetFromJsonAsync<JsonElement>($"/api/carts/{shop.Slug}")).GetProperty("lines").EnumerateArray());

        // The buyer wants another copy; then the session activates again and does its paid steps once more.
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{productId}", new { quantity = 2 })).StatusCode);
        await ActivateAgainAsync(buyer, buyerId, checkout);

        var line = Assert.Single((await buyer.GetFromJsonAsync<JsonElement>($"/api/carts/{shop.Slug}")).GetProperty("lines").EnumerateArray());
        Assert.Equal(2, line.GetProperty("quantity").GetInt32());
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        Assert.Single((await buyer.GetFromJsonAsync<JsonElement>("/api/library")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Steps_done_again_later_give_no_license_key_to_a_line_whose_product_had_none_at_checkout()
    {
        var (buyer, buyerId, shop, checkout) = await OpenCheckoutAsync();
        var productId = checkout.Lines[0].ProductId;
        await PayAsync(buyer, buyerId, checkout);

        // The creator starts selling keys; then the session activates again and does its paid steps once more.
        Assert.True((await shop.Owner.PostAsJsonAsync($"{shop.Admin}/{productId}/keys", new { keys = new[] { "LATE-1", "LATE-2" } })).IsSuccessStatusCode);
        await ActivateAgainAsync(buyer, buyerId, checkout);

        Assert.Equal(0, (await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{productId}")).GetProperty("licenseKeys").GetArrayLength());
        Assert.Equal(new StockCounts(2, 0, 0), await shop.Owner.GetFromJsonAsync<StockCounts>($"{shop.Admin}/{productId}/keys"));
    }

    /// <summary>
    /// Puts the session where an earlier Claro kept it: its state in the grain storage row Orleans
    /// writes for the state name, none in <c>checkout_sessions</c>, and no activation in memory.
    /// </summary>
    private async Task MoveToLegacyStorageAsync(string key)
    {
        var grain = payments.Claro.Client.GetGrain<ICheckoutSessionGrain>(key);
        await payments.Claro.Cluster.DeactivateAsync(grain);
        var silo = ((InProcessSiloHandle)payments.Claro.Cluster.Silos[0]).SiloHost.Services;
        await using var database = NpgsqlDataSource.Create(payments.Settings.Database);
        await using var read = database.CreateCommand("DELETE FROM checkout_sessions WHERE checkout_key = @key RETURNING state");
        read.Parameters.AddWithValue("key", key);
        var stored = (byte[])(await read.ExecuteScalarAsync())!;
        var state = silo.GetRequiredService<Serializer<CheckoutSessionState>>().Deserialize(stored);
        await silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider)
            .WriteStateAsync(StorageNames.CheckoutSession, grain.GetGrainId(), new GrainState<CheckoutSessionState>(state));
    }

    private async Task<bool> InLegacyStorageAsync(string key)
    {
        var silo = ((InProcessSiloHandle)payments.Claro.Cluster.Silos[0]).SiloHost.Services;
        var stored = new GrainState<CheckoutSessionState>(new CheckoutSessionState());
        await silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider)
            .ReadStateAsync(StorageNames.CheckoutSession, payments.Claro.Client.GetGrain<ICheckoutSessionGrain>(key).GetGrainId(), stored);
        return stored.RecordExists;
    }

    private async Task<(HttpClient Buyer, string BuyerId, CreatorShop Shop, CheckoutView Checkout)> OpenCheckoutAsync()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1500);
        var buyerId = CatalogScenario.NewUserId();
        var buyer = payments.CreateClient(buyerId);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 })).StatusCode);
        return (buyer, buyerId, shop, await PaymentsFixture.CheckoutAsync(buyer, shop.Slug));
    }

    private async Task PayAsync(HttpClient buyer, string buyerId, CheckoutView checkout)
    {
        Assert.Equal(HttpStatusCode.OK, await payments.DeliverWebhookAsync(PaymentsFixture.PaymentSucceededEvent(buyerId, checkout).Body));
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
    }

    /// <summary>A new activation of the session, which does the steps its stored state still lists.</summary>
    private async Task ActivateAgainAsync(HttpClient buyer, string buyerId, CheckoutView checkout)
    {
        await payments.Claro.Cluster.DeactivateAsync(payments.Claro.Client.GetGrain<ICheckoutSessionGrain>(CheckoutKey.For(buyerId, checkout.CheckoutId)));
        Assert.Equal(CheckoutStatus.Fulfilled, (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!.Status);
    }

    private async Task ExecuteAsync(string sql, string id)
    {
        await using var database = NpgsqlDataSource.Create(payments.Settings.Database);
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }
}
