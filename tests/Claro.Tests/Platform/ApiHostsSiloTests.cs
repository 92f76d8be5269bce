using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Platform;
using Claro.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;

namespace Claro.Tests.Platform;

/// <summary>No test cluster: the API copies run the cluster's silos themselves (<c>CLARO_API_HOSTS_SILO</c>).</summary>
public sealed class ApiHostsSiloFixture : PaymentsFixture
{
    protected override bool ApiHostsSilo => true;
}

[CollectionDefinition(Name)]
public sealed class ApiHostsSiloCollection : ICollectionFixture<ApiHostsSiloFixture>
{
    public const string Name = "api-hosts-silo";
}

[Collection(ApiHostsSiloCollection.Name)]
public sealed class ApiHostsSiloTests(ApiHostsSiloFixture claro)
{
    /// <summary>Silo status 3 is Active in Orleans' membership table.</summary>
    private const string ActiveSilos = "SELECT count(*) FROM orleans_membership WHERE deployment_id = @id AND status = 3";

    [Fact]
    public async Task An_API_that_hosts_its_silo_migrates_its_database_and_runs_the_money_path()
    {
        var (shop, product) = await claro.OnboardedShopWithProductAsync(price: 1200);
        await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { content = "# Thanks for buying" });
        await shop.Owner.PostAsJsonAsync($"{shop.Admin}/{product.ProductId}/keys", new { keys = new[] { "KEY-1", "KEY-2", "KEY-3" } });
        var buyer = await claro.BuyerWithCartAsync(shop, product, quantity: 2);

        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        await claro.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        var fulfilled = await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);

        var item = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");
        Assert.Contains("Thanks for buying", item.GetProperty("contentHtml").GetString());
        Assert.Equal(2, item.GetProperty("licenseKeys").GetArrayLength());
        Assert.Equal(1, await claro.CountAsync("SELECT count(*) FROM orders WHERE checkout_id = @id", checkout.CheckoutId));
        Assert.NotNull(fulfilled.OrderId);

        var other = claro.CreateClient(CatalogScenario.NewUserId());
        var theirs = await other.GetAsync($"/api/library/{product.ProductId}");
        var missing = await other.GetAsync($"/api/library/p_{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await theirs.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Calls_from_the_API_code_are_not_internal_calls_even_inside_the_silo()
    {
        var (_, product) = await claro.OnboardedShopWithProductAsync(price: 700);
        var grains = claro.ApiServices.GetRequiredService<IGrainFactory>();
        var productGrain = grains.GetGrain<IProductGrain>(TenantKey.For(product.TenantId, product.ProductId));

        // Grain-to-grain only: the library asks the product for what it delivers after its own check.
        await Assert.ThrowsAsync<NotFoundException>(() => productGrain.GetDeliveryAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => productGrain.ExistsAsync());
    }

    [Fact]
    public async Task A_second_API_copy_joins_the_same_cluster_and_answers_the_same_purchase_checks()
    {
        var (shop, product) = await claro.OnboardedShopWithProductAsync(price: 900);
        var buyerId = CatalogScenario.NewUserId();
        var buyer = claro.CreateClient(buyerId);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 })).StatusCode);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        await claro.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);

        var port = FreePorts.Next();
        var secondUrl = $"http://127.0.0.1:{port}";
        claro.StartApi(port);
        var second = claro.CreateClient(buyerId, secondUrl);
        await Eventually.ReturnsAsync(() => second.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal(2, await claro.CountAsync(ActiveSilos, claro.Settings.ClusterId));
        var viaFirst = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");
        var viaSecond = await second.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");
        Assert.Equal(viaFirst.GetProperty("productId").GetString(), viaSecond.GetProperty("productId").GetString());
        var stranger = claro.CreateClient(CatalogScenario.NewUserId(), secondUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/library/{product.ProductId}")).StatusCode);
    }
}
