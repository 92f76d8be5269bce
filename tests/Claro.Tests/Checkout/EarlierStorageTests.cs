using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Carts;
using Claro.Checkout;
using Claro.Library;
using Claro.Notifications;
using Claro.Platform;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Claro.Tests.Checkout;

/// <summary>
/// Libraries and carts live in tables of Claro's, which the checkout session writes with its
/// write-ahead. What an earlier Claro stored elsewhere is taken over, not lost: a library or a cart
/// in Orleans grain storage (and refunded before it moved), and a write-ahead that owes the grant and
/// the cart as steps of their own.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class EarlierStorageTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_library_kept_in_orleans_grain_storage_is_taken_over()
    {
        var (buyer, buyerId, _, checkout) = await PaidCheckoutAsync(crashAfterWriteAhead: false);
        var library = await MoveLibraryToOrleansStorageAsync(buyerId);

        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{checkout.Lines[0].ProductId}")).StatusCode);

        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM library_entitlements WHERE buyer_id = @id AND state = 'live'", buyerId));
        Assert.False(await InOrleansStorageAsync<BuyerLibraryState>(StorageNames.BuyerLibrary, library.GetGrainId()));
    }

    [Fact]
    public async Task Notifications_show_the_orders_of_a_library_still_in_orleans_grain_storage()
    {
        var (buyer, buyerId, _, checkout) = await PaidCheckoutAsync(crashAfterWriteAhead: false);
        await MoveLibraryToOrleansStorageAsync(buyerId);

        var feed = (await buyer.GetFromJsonAsync<NotificationPage>("/api/notifications", PaymentsFixture.Json))!;

        var notice = Assert.Single(feed.Items);
        var order = (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", PaymentsFixture.Json))!.OrderId;
        Assert.Equal(("order.paid", order), (notice.Kind, notice.OrderId));
    }

    [Fact]
    public async Task A_refund_revokes_access_that_is_still_in_orleans_grain_storage()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var buyerId = CatalogScenario.NewUserId();
        var buyer = payments.CreateClient(buyerId);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 })).StatusCode);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        var intent = (await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay"))["payment_intent"]!.GetValue<string>();
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        // The buyer's access as an earlier Claro kept it: not in library_entitlements yet.
        await MoveLibraryToOrleansStorageAsync(buyerId);

        await payments.ControlAsync($"payment_intents/{intent}/refund");
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Refunded);

        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{product.ProductId}")).StatusCode);
        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM library_entitlements WHERE buyer_id = @id AND state = 'revoked'", buyerId));
    }

    [Fact]
    public async Task A_cart_kept_in_orleans_grain_storage_is_taken_over_with_its_order_and_revision()
    {
        var shop = await payments.CreateClient(CatalogScenario.NewUserId()).NewShopAsync();
        var first = await shop.CreateProductAsync();
        var second = await shop.CreateProductAsync();
        var third = await shop.CreateProductAsync();
        var buyerId = CatalogScenario.NewUserId();
        var buyer = payments.CreateClient(buyerId);
        var tenantId = (await buyer.GetFromJsonAsync<JsonElement>($"/api/carts/{shop.Slug}")).GetProperty("tenantId").GetString()!;
        var cart = await PutCartInOrleansStorageAsync(buyerId, tenantId, new CartState
        {
            Lines = [new CartLine(second.ProductId, 2, 7), new CartLine(first.ProductId, 1, 3)],
            Revision = 7,
        });

        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{third.ProductId}", new { quantity = 4 })).StatusCode);

        var lines = (await buyer.GetFromJsonAsync<CartView>($"/api/carts/{shop.Slug}"))!.Lines;
        Assert.Equal([(second.ProductId, 2), (first.ProductId, 1), (third.ProductId, 4)], lines.Select(line => (line.ProductId, line.Quantity)));
        Assert.Equal(8, await payments.CountAsync("SELECT revision FROM carts WHERE tenant_id = @id", tenantId));
        Assert.False(await InOrleansStorageAsync<CartState>(StorageNames.Cart, cart.GetGrainId()));
    }

    [Fact]
    public async Task A_cart_kept_in_orleans_grain_storage_does_not_bring_back_a_product_paid_since()
    {
        var (buyer, buyerId, slug, checkout) = await PaidCheckoutAsync(crashAfterWriteAhead: false);
        var productId = checkout.Lines[0].ProductId;
        // The cart as an earlier Claro kept it when the checkout opened, not yet moved when it was paid.
        await ExecuteAsync("DELETE FROM cart_lines WHERE buyer_id = @buyer", ("buyer", buyerId));
        await ExecuteAsync("DELETE FROM carts WHERE buyer_id = @buyer", ("buyer", buyerId));
        await PutCartInOrleansStorageAsync(buyerId, checkout.TenantId, new CartState
        {
            Lines = [new CartLine(productId, 1, 1)],
            Revision = 1,
        });

        Assert.Empty((await buyer.GetFromJsonAsync<CartView>($"/api/carts/{slug}"))!.Lines);
        Assert.Equal(1, await payments.CountAsync("SELECT revision FROM carts WHERE buyer_id = @id", buyerId));
    }

    [Fact]
    public async Task A_write_ahead_that_owes_the_grant_and_the_cart_as_steps_does_them_when_it_activates()
    {
        var (buyer, buyerId, slug, checkout) = await PaidCheckoutAsync(crashAfterWriteAhead: true);
        var productId = checkout.Lines[0].ProductId;
        var key = CheckoutKey.For(buyerId, checkout.CheckoutId);
        await payments.Claro.Cluster.DeactivateAsync(payments.Claro.Client.GetGrain<ICheckoutSessionGrain>(key));
        await payments.Claro.Cluster.DeactivateAsync(payments.Claro.Client.GetGrain<IBuyerLibraryGrain>(buyerId));
        await payments.Claro.Cluster.DeactivateAsync(payments.Claro.Client.GetGrain<ICartGrain>(CartKey.For(buyerId, checkout.TenantId)));
        // An earlier write-ahead wrote neither the entitlement nor the cart: it owed both as steps of their own.
        await DeleteEntitlementsAsync(buyerId);
        await ExecuteAsync("""
            INSERT INTO cart_lines (buyer_id, tenant_id, product_id, quantity, revision, added)
            SELECT buyer_id, tenant_id, @product, 1, revision, revision FROM carts WHERE buyer_id = @buyer
            """, ("buyer", buyerId), ("product", productId));
        await RewriteStepsAsync(key, (FulfilmentStep.InvalidateLibrary, FulfilmentStep.GrantAccess), (FulfilmentStep.InvalidateCart, FulfilmentStep.ClearCart));
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{productId}")).StatusCode);
        Assert.Single((await buyer.GetFromJsonAsync<CartView>($"/api/carts/{slug}"))!.Lines);

        // The next activation does the steps still listed.
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);

        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM library_entitlements WHERE buyer_id = @id AND state = 'live'", buyerId));
        Assert.Equal(1, (await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{productId}")).GetProperty("licenseKeys").GetArrayLength());
        Assert.Empty((await buyer.GetFromJsonAsync<CartView>($"/api/carts/{slug}"))!.Lines);
    }

    private IServiceProvider Silo => ((InProcessSiloHandle)payments.Claro.Cluster.Silos[0]).SiloHost.Services;

    private IGrainStorage Storage => payments.Claro.GrainStorage;

    /// <summary>A buyer whose checkout of a product with keys was paid; with a crash, its steps are still owed.</summary>
    private async Task<(HttpClient Buyer, string BuyerId, string Slug, CheckoutView Checkout)> PaidCheckoutAsync(bool crashAfterWriteAhead)
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1200);
        await shop.Owner.PostAsJsonAsync($"{shop.Admin}/{product.ProductId}/keys", new { keys = new[] { "L-1", "L-2" } });
        var buyerId = CatalogScenario.NewUserId();
        var buyer = payments.CreateClient(buyerId);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 })).StatusCode);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        if (crashAfterWriteAhead)
            SimulatedCrashes.ArmAfterWriteAhead(checkout.CheckoutId);
        var delivered = await payments.DeliverWebhookAsync(PaymentsFixture.PaymentSucceededEvent(buyerId, checkout).Body);
        Assert.Equal(crashAfterWriteAhead ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, delivered);
        if (!crashAfterWriteAhead)
            await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        return (buyer, buyerId, shop.Slug, checkout);
    }

    /// <summary>Puts the buyer's library where an earlier Claro kept it: in Orleans grain storage, not in library_entitlements, not active.</summary>
    private async Task<IBuyerLibraryGrain> MoveLibraryToOrleansStorageAsync(string buyerId)
    {
        var library = payments.Claro.Client.GetGrain<IBuyerLibraryGrain>(buyerId);
        await payments.Claro.Cluster.DeactivateAsync(library);
        var entitlements = await DeleteEntitlementsAsync(buyerId);
        await Storage.WriteStateAsync(StorageNames.BuyerLibrary, library.GetGrainId(), new GrainState<BuyerLibraryState>(
            new BuyerLibraryState { Entitlements = entitlements.ToDictionary(e => e.OrderId + "/" + e.ProductId) }));
        return library;
    }

    /// <summary>Puts a cart where an earlier Claro kept it, in Orleans grain storage, with the grain not active.</summary>
    private async Task<ICartGrain> PutCartInOrleansStorageAsync(string buyerId, string tenantId, CartState earlier)
    {
        var cart = payments.Claro.Client.GetGrain<ICartGrain>(CartKey.For(buyerId, tenantId));
        await payments.Claro.Cluster.DeactivateAsync(cart);
        await Storage.WriteStateAsync(StorageNames.Cart, cart.GetGrainId(), new GrainState<CartState>(earlier));
        return cart;
    }

    private Task<bool> InOrleansStorageAsync<T>(string stateName, GrainId grainId) => payments.Claro.InGrainStorageAsync<T>(stateName, grainId);

    private async Task<List<Entitlement>> DeleteEntitlementsAsync(string buyerId)
    {
        await using var database = NpgsqlDataSource.Create(payments.Settings.Database);
        var entitlements = (await LibraryEntitlements.ReadAsync(database, buyerId)).Select(row => row.Entitlement).ToList();
        Assert.NotEmpty(entitlements);
        await ExecuteAsync("DELETE FROM library_entitlements WHERE buyer_id = @buyer", ("buyer", buyerId));
        return entitlements;
    }

    private async Task RewriteStepsAsync(string key, params (FulfilmentStep From, FulfilmentStep To)[] rewrites)
    {
        var serializer = Silo.GetRequiredService<Serializer<CheckoutSessionState>>();
        await using var database = NpgsqlDataSource.Create(payments.Settings.Database);
        await using var read = database.CreateCommand("SELECT state FROM checkout_sessions WHERE checkout_key = @key");
        read.Parameters.AddWithValue("key", key);
        var state = serializer.Deserialize((byte[])(await read.ExecuteScalarAsync())!)!;
        foreach (var (from, to) in rewrites)
        {
            Assert.Contains(from, state.PendingSteps);
            state.PendingSteps = state.PendingSteps.Select(step => step == from ? to : step).ToList();
        }
        await using var write = database.CreateCommand("UPDATE checkout_sessions SET state = @state WHERE checkout_key = @key");
        write.Parameters.AddWithValue("key", key);
        write.Parameters.AddWithValue("state", serializer.SerializeToArray(state));
        await write.ExecuteNonQueryAsync();
    }

    private async Task ExecuteAsync(string sql, params (string Name, string Value)[] parameters)
    {
        await using var database = NpgsqlDataSource.Create(payments.Settings.Database);
        await using var command = database.CreateCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
