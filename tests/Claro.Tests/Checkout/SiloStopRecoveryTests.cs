extern alias emulator;

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Claro.Carts;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Library;
using Claro.Platform;
using Claro.Tenants;
using Claro.Tests.Platform;
using Npgsql;
using Stripe;
using EmulatorApp = emulator::Claro.StripeEmulator.EmulatorApp;

namespace Claro.Tests.Checkout;

/// <summary>
/// The silo stops for good right after the checkout session persisted "paid" and the steps it owes.
/// A new cluster on the same database activates the session again, which finishes every step once.
/// </summary>
public sealed class SiloStopRecoveryTests
{
    private static readonly Caller Owner = new("u_owner_" + Guid.NewGuid().ToString("N")[..8], []);
    private static readonly Caller Buyer = new("u_buyer_" + Guid.NewGuid().ToString("N")[..8], []);

    [Fact]
    public async Task A_silo_stopped_between_the_write_ahead_and_the_steps_leaves_them_to_the_next_activation_done_once()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var emulator = EmulatorApp.Create([], new Dictionary<string, string?>
        {
            ["CLARO_STRIPE_EMULATOR_PORT"] = "0",
            ["STRIPE_WEBHOOK_SECRET"] = TestSettings.WebhookSecret,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await emulator.StartAsync();
        await using var _ = emulator;
        var emulatorUrl = emulator.Urls.Single();
        using var control = new HttpClient { BaseAddress = new Uri(emulatorUrl) };
        var tenantId = "t_" + Guid.NewGuid().ToString("N");
        var productId = "p_" + Guid.NewGuid().ToString("N");
        string checkoutKey, completedEvent;

        await using (var first = await ClaroTestCluster.StartAsync(database, configure: s => s.StripeApiBase = emulatorUrl))
        {
            var grains = first.Client;
            var tenant = grains.GetGrain<ITenantGrain>(tenantId);
            string accountId;
            using (Caller.Use(Owner))
            {
                await tenant.CreateAsync(new CreateTenant("Stopped Silo Shop", null));
                await tenant.StartStripeOnboardingAsync();
                accountId = (await tenant.GetAdminViewAsync()).StripeAccountId!;
            }
            await control.PostAsync($"/_emulator/accounts/{accountId}/complete_onboarding", null);
            await DeliverAsync(grains, await EventBodyAsync(control, "account.updated", accountId));

            var product = grains.GetGrain<IProductGrain>(TenantKey.For(tenantId, productId));
            using (Caller.Use(Owner))
            {
                await product.CreateAsync(new NewProduct("Field Recordings", null, new Money(900, "usd"), "public", "music", [], "Rain.", "# Thanks"));
                await grains.GetGrain<IStockGrain>(TenantKey.For(tenantId, productId)).AddKeysAsync(["S-1", "S-2"]);
            }

            CheckoutView checkout;
            using (Caller.Use(Buyer))
            {
                var cart = grains.GetGrain<ICartGrain>(CartKey.For(Buyer.UserId, tenantId));
                await cart.SetLineAsync(productId, 1);
                checkout = await cart.CheckoutAsync(new Dictionary<string, Money>());
            }
            checkoutKey = CheckoutKey.For(Buyer.UserId, checkout.CheckoutId);
            SimulatedCrashes.ArmAfterWriteAhead(checkout.CheckoutId);
            await control.PostAsync($"/_emulator/checkout/sessions/{checkout.StripeSessionId}/pay", null);
            completedEvent = await EventBodyAsync(control, "checkout.session.completed", checkout.StripeSessionId!);

            await Assert.ThrowsAnyAsync<Exception>(() => DeliverAsync(grains, completedEvent));
            // The order row and the buyer's access commit with the write-ahead; the keys are among the steps still owed.
            Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM orders"));
            Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM library_entitlements"));
            using (Caller.Use(Buyer))
                Assert.Empty((await grains.GetGrain<IBuyerLibraryGrain>(Buyer.UserId).GetItemAsync(productId)).LicenseKeys);
        }

        await using var second = await ClaroTestCluster.StartAsync(database, configure: s => s.StripeApiBase = emulatorUrl);
        CheckoutView healed;
        using (Caller.Use(Buyer))
            healed = await second.Client.GetGrain<ICheckoutSessionGrain>(checkoutKey).GetAsync();
        await DeliverAsync(second.Client, completedEvent);

        Assert.Equal(CheckoutStatus.Fulfilled, healed.Status);
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM orders"));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM audit_events WHERE kind = 'order.paid'"));
        await Eventually.ReturnsAsync(() => CountAsync(database, "SELECT count(*) FROM catalog_sales_pending"), pending => pending == 0);
        Assert.Equal(1, await CountAsync(database, "SELECT sum(sales_count)::bigint FROM catalog"));
        using (Caller.Use(Owner))
            Assert.Equal(new StockCounts(1, 0, 1), await second.Client.GetGrain<IStockGrain>(TenantKey.For(tenantId, productId)).GetCountsAsync());
        using (Caller.Use(Buyer))
        {
            Assert.Single((await second.Client.GetGrain<IBuyerLibraryGrain>(Buyer.UserId).ListAsync(null, 50)).Items);
            Assert.Single((await second.Client.GetGrain<IBuyerLibraryGrain>(Buyer.UserId).GetItemAsync(productId)).LicenseKeys);
            Assert.Empty((await second.Client.GetGrain<ICartGrain>(CartKey.For(Buyer.UserId, tenantId)).GetAsync()).Lines);
        }
    }

    private static Task DeliverAsync(IClusterClient grains, string body) =>
        grains.GetGrain<IStripeWebhookGrain>(0).ReceiveAsync(body, EventUtility.GenerateSignatureHeader(body, TestSettings.WebhookSecret, null));

    private static async Task<string> EventBodyAsync(HttpClient control, string type, string objectId)
    {
        var events = (await control.GetFromJsonAsync<JsonObject>("/_emulator/events"))!["data"]!.AsArray();
        var match = events.Select(e => e!.AsObject())
            .First(e => e["type"]!.GetValue<string>() == type && e["data"]!["object"]!["id"]!.GetValue<string>() == objectId);
        match.Remove("delivery");
        return match.ToJsonString();
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var data = NpgsqlDataSource.Create(database);
        await using var command = data.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
