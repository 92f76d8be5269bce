extern alias emulator;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Claro.Api.Accounts;
using Claro.Catalog;
using Claro.Platform;
using Claro.Checkout;
using Claro.Silo.Hosting;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using EmulatorApp = emulator::Claro.StripeEmulator.EmulatorApp;

namespace Claro.Tests.Checkout;

/// <summary>
/// The whole money path on real sockets: the Stripe emulator over HTTP (Claro's Stripe.net calls go
/// to it, its signed webhooks come back), the real API on Kestrel, a real test cluster on PostgreSQL.
/// </summary>
public class PaymentsFixture : IAsyncLifetime
{
    private WebApplication _emulator = null!;
    private readonly List<WebApplicationFactory<Program>> _apis = [];

    /// <summary>
    /// False: a test cluster and the API as its Orleans client. True: no test cluster; the API runs
    /// the cluster's silo in its own process (<c>CLARO_API_HOSTS_SILO</c>), and so does every copy
    /// <see cref="StartApi"/> adds.
    /// </summary>
    protected virtual bool ApiHostsSilo => false;

    /// <summary>The test cluster the API is a client of; null when the API hosts the silo itself.</summary>
    public ClaroTestCluster Claro { get; private set; } = null!;
    public ClaroSettings Settings { get; private set; } = null!;
    public string ApiUrl { get; private set; } = "";
    public string EmulatorUrl { get; private set; } = "";

    /// <summary>Plain HTTP to the emulator's control API and pages.</summary>
    public HttpClient Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var apiPort = FreePorts.Next();
        ApiUrl = $"http://127.0.0.1:{apiPort}";
        _emulator = EmulatorApp.Create([], new Dictionary<string, string?>
        {
            ["CLARO_STRIPE_EMULATOR_PORT"] = "0",
            ["STRIPE_WEBHOOK_SECRET"] = TestSettings.WebhookSecret,
            ["CLARO_STRIPE_WEBHOOK_URL"] = $"{ApiUrl}/api/webhooks/stripe",
            ["CLARO_STRIPE_WEBHOOK_FIRST_RETRY_MS"] = "100",
            // As in ./claro up: Stripe may deliver twice and out of order, so every payment test runs that way.
            ["CLARO_STRIPE_CHAOS"] = "1",
            ["CLARO_STRIPE_CHAOS_DUPLICATE_SHARE"] = "0.3",
            ["CLARO_STRIPE_CHAOS_REORDER_SHARE"] = "0.3",
            ["CLARO_STRIPE_CHAOS_DELAY_MS"] = "300",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await _emulator.StartAsync();
        EmulatorUrl = _emulator.Urls.Single();
        Emulator = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(EmulatorUrl) };

        if (ApiHostsSilo)
        {
            Settings = TestSettings.For(await PostgresServer.CreateDatabaseAsync());
            Settings.StripeApiBase = EmulatorUrl;
        }
        else
        {
            Claro = await ClaroTestCluster.StartAsync(configure: settings => settings.StripeApiBase = EmulatorUrl);
            Settings = Claro.Settings;
        }
        StartApi(apiPort);
    }

    /// <summary>The first API copy's services: with <see cref="ApiHostsSilo"/>, its grain factory is its in-process silo's.</summary>
    public IServiceProvider ApiServices => _apis[0].Services;

    /// <summary>Another copy of the real API on Kestrel at this port, on the same settings and cluster.</summary>
    public void StartApi(int port)
    {
        var api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in Settings.AsConfiguration())
                web.UseSetting(key, value);
            web.UseSetting(global::Claro.Api.Platform.ClusterConnection.HostsSiloKey, ApiHostsSilo ? "true" : "false");
            if (ApiHostsSilo)
            {
                web.UseSetting(global::Claro.Silo.Hosting.SiloEndpoints.SiloPortKey, "0");
                web.UseSetting(global::Claro.Silo.Hosting.SiloEndpoints.GatewayPortKey, "0");
            }
        });
        api.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        api.StartServer();
        _apis.Add(api);
    }

    public HttpClient CreateClient(string? userId = null, string? apiUrl = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(apiUrl ?? ApiUrl) };
        if (userId is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer", new BearerTokens(Settings, TimeProvider.System).Issue(userId).Token);
        return client;
    }

    /// <summary>POSTs to the emulator's control API and answers the updated object.</summary>
    public async Task<JsonObject> ControlAsync(string path, object? body = null)
    {
        using var response = await Emulator.PostAsJsonAsync($"/_emulator/{path}", body ?? new { });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(response.IsSuccessStatusCode, $"POST /_emulator/{path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>The body of the event the emulator emitted of this type for this object, as it was signed and sent.</summary>
    public async Task<string> EventBodyAsync(string type, string objectId)
    {
        var events = JsonNode.Parse(await Emulator.GetStringAsync("/_emulator/events"))!["data"]!.AsArray();
        var match = events.Select(e => e!.AsObject())
            .First(e => e["type"]!.GetValue<string>() == type && e["data"]!["object"]!["id"]!.GetValue<string>() == objectId);
        return match.ToJsonString();
    }

    /// <summary>
    /// A <c>checkout.session.async_payment_succeeded</c> event for the checkout, of a new id, as
    /// Stripe would send it, for a test to deliver itself instead of paying on the emulator.
    /// </summary>
    public static (string EventId, string Body) PaymentSucceededEvent(string buyerId, CheckoutView checkout)
    {
        var eventId = "evt_test_" + Guid.NewGuid().ToString("N");
        return (eventId, System.Text.Json.JsonSerializer.Serialize(new
        {
            id = eventId,
            @object = "event",
            api_version = "2026-10-28.endive",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            type = "checkout.session.async_payment_succeeded",
            data = new { @object = new { id = checkout.StripeSessionId, @object = "checkout.session", payment_status = "paid", metadata = new { checkoutId = checkout.CheckoutId, buyerId } } },
        }));
    }

    /// <summary>Delivers a body to Claro's webhook route signed as Stripe signs, as the emulator would.</summary>
    public async Task<HttpStatusCode> DeliverWebhookAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature",
            Stripe.EventUtility.GenerateSignatureHeader(body, TestSettings.WebhookSecret, null));
        using var response = await CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    public async Task<long> CountAsync(string sql, string id)
    {
        await using var database = Npgsql.NpgsqlDataSource.Create(Settings.Database);
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until the sales folder has counted every pending sale of the product on its catalog row.</summary>
    public Task WhenSalesFoldedAsync(string productId) => Eventually.ReturnsAsync(
        () => CountAsync("SELECT count(*) FROM catalog_sales_pending WHERE product_id = @id", productId), pending => pending == 0);

    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A storefront whose Stripe account finished onboarding, selling one public product.</summary>
    public async Task<(CreatorShop Shop, ProductDetails Product)> OnboardedShopWithProductAsync(long price)
    {
        var shop = await CreateClient(CatalogScenario.NewUserId()).NewShopAsync();
        await shop.Owner.PostAsync($"/api/tenants/{shop.Slug}/admin/stripe/onboarding", null);
        var admin = await shop.Owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/tenants/{shop.Slug}/admin");
        var accountId = admin.GetProperty("stripeAccountId").GetString();
        await ControlAsync($"accounts/{accountId}/complete_onboarding");
        await Eventually.ReturnsAsync(
            () => shop.Owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/tenants/{shop.Slug}/admin"),
            a => a.GetProperty("chargesEnabled").GetBoolean());
        var body = CatalogScenario.ValidProduct();
        body["price"] = new { amount = price, currency = "usd" };
        return (shop, await shop.CreateProductAsync(body));
    }

    /// <summary>A signed-in buyer with this product in their cart at this shop.</summary>
    public async Task<HttpClient> BuyerWithCartAsync(CreatorShop shop, ProductDetails product, int quantity)
    {
        var buyer = CreateClient(CatalogScenario.NewUserId());
        var response = await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return buyer;
    }

    /// <summary>Checks out the buyer's cart at this shop; the checkout must open.</summary>
    public static async Task<CheckoutView> CheckoutAsync(HttpClient buyer, string slug) =>
        (await (await buyer.PostAsync($"/api/carts/{slug}/checkout", null)).Content.ReadFromJsonAsync<CheckoutView>(Json))!;

    /// <summary>The buyer's view of a checkout, once it satisfies <paramref name="done"/>.</summary>
    public static Task<CheckoutView> CheckoutWhenAsync(HttpClient buyer, CheckoutView checkout, Func<CheckoutView, bool> done) =>
        Eventually.ReturnsAsync(
            async () => (await buyer.GetFromJsonAsync<CheckoutView>($"/api/checkouts/{checkout.CheckoutId}", Json))!,
            done);

    public async Task DisposeAsync()
    {
        foreach (var api in _apis)
            await api.DisposeAsync();
        if (Claro is not null)
            await Claro.DisposeAsync();
        Emulator.Dispose();
        await _emulator.StopAsync();
        await _emulator.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsFixture>
{
    public const string Name = "payments";
}
