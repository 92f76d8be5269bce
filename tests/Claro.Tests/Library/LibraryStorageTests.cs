using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Checkout;
using Claro.Library;
using Claro.Platform;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;
using Claro.Tests.Platform;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Claro.Tests.Library;

/// <summary>
/// The library's entitlements live in <c>library_entitlements</c>, written by the checkout
/// session with its write-ahead. What an earlier Claro stored elsewhere is taken over, not lost:
/// a library in Orleans grain storage, and a write-ahead that still owes the grant as a step.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class LibraryStorageTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_library_kept_in_orleans_grain_storage_by_an_earlier_version_is_taken_over()
    {
        var (buyer, buyerId, productId, _) = await PaidCheckoutAsync(crashAfterWriteAhead: false);
        var library = payments.Claro.Client.GetGrain<IBuyerLibraryGrain>(buyerId);
        await payments.Claro.Cluster.DeactivateAsync(library);
        var entitlements = await DeleteEntitlementsAsync(buyerId);
        var storage = Silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
        await storage.WriteStateAsync(StorageNames.BuyerLibrary, library.GetGrainId(), new GrainState<BuyerLibraryState>(
            new BuyerLibraryState { Entitlements = entitlements.ToDictionary(e => e.OrderId + "/" + e.ProductId) }));

        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{productId}")).StatusCode);

        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM library_entitlements WHERE buyer_id = @id AND state = 'live'", buyerId));
        var legacy = new GrainState<BuyerLibraryState>();
        await storage.ReadStateAsync(StorageNames.BuyerLibrary, library.GetGrainId(), legacy);
        Assert.False(legacy.RecordExists);
    }

    [Fact]
    public async Task A_write_ahead_stored_by_an_earlier_version_grants_access_when_its_steps_run()
    {
        var (buyer, buyerId, productId, checkout) = await PaidCheckoutAsync(crashAfterWriteAhead: true);
        var key = CheckoutKey.For(buyerId, checkout.CheckoutId);
        await payments.Claro.Cluster.DeactivateAsync(payments.Claro.Client.GetGrain<ICheckoutSessionGrain>(key));
        await payments.Claro.Cluster.DeactivateAsync(payments.Claro.Client.GetGrain<IBuyerLibraryGrain>(buyerId));
        // An earlier write-ahead wrote no entitlement: it owed the grant as a step of its own.
        await DeleteEntitlementsAsync(buyerId);
        await RewriteStepsAsync(key, FulfilmentStep.RefreshLibrary, FulfilmentStep.GrantAccess);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/api/library/{productId}")).StatusCode);

        // The next activation does the steps still listed.
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);

        Assert.Equal(1, await payments.CountAsync("SELECT count(*) FROM library_entitlements WHERE buyer_id = @id AND state = 'live'", buyerId));
        var item = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{productId}");
        Assert.Equal(1, item.GetProperty("licenseKeys").GetArrayLength());
    }

    private IServiceProvider Silo => ((InProcessSiloHandle)payments.Claro.Cluster.Silos[0]).SiloHost.Services;

    /// <summary>A buyer whose checkout of a product with keys was paid; with a crash, its steps are still owed.</summary>
    private async Task<(HttpClient Buyer, string BuyerId, string ProductId, CheckoutView Checkout)> PaidCheckoutAsync(bool crashAfterWriteAhead)
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
        return (buyer, buyerId, product.ProductId, checkout);
    }

    private async Task<List<Entitlement>> DeleteEntitlementsAsync(string buyerId)
    {
        await using var database = NpgsqlDataSource.Create(payments.Settings.Database);
        var entitlements = (await LibraryEntitlements.ReadAsync(database, buyerId)).Select(row => row.Entitlement).ToList();
        Assert.NotEmpty(entitlements);
        await using var delete = database.CreateCommand("DELETE FROM library_entitlements WHERE buyer_id = @buyer");
        delete.Parameters.AddWithValue("buyer", buyerId);
        await delete.ExecuteNonQueryAsync();
        return entitlements;
    }

    private async Task RewriteStepsAsync(string key, FulfilmentStep from, FulfilmentStep to)
    {
        var serializer = Silo.GetRequiredService<Serializer<CheckoutSessionState>>();
        await using var database = NpgsqlDataSource.Create(payments.Settings.Database);
        await using var read = database.CreateCommand("SELECT state FROM checkout_sessions WHERE checkout_key = @key");
        read.Parameters.AddWithValue("key", key);
        var state = serializer.Deserialize((byte[])(await read.ExecuteScalarAsync())!)!;
        Assert.Contains(from, state.PendingSteps);
        state.PendingSteps = state.PendingSteps.Select(step => step == from ? to : step).ToList();
        await using var write = database.CreateCommand("UPDATE checkout_sessions SET state = @state WHERE checkout_key = @key");
        write.Parameters.AddWithValue("key", key);
        write.Parameters.AddWithValue("state", serializer.SerializeToArray(state));
        await write.ExecuteNonQueryAsync();
    }
}
