using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Claro.StripeEmulator;
using Microsoft.AspNetCore.Builder;
using Stripe;

namespace Claro.StripeEmulator.Tests;

/// <summary>The emulator on real Kestrel on a free loopback port, reached over HTTP as Claro reaches it.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    public const string ApiKey = "sk_test_claro_emulator_tests";
    public const string WebhookSecret = "whsec_claro_emulator_tests";

    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        Stripe = Client(ApiKey);
    }

    public string BaseUrl { get; }

    /// <summary>Plain HTTP for the control API and the hosted pages; redirects are not followed so tests can see them.</summary>
    public HttpClient Http { get; }

    public StripeClient Stripe { get; }

    public static async Task<EmulatorHost> StartAsync(
        string? webhookUrl = null, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["CLARO_STRIPE_EMULATOR_PORT"] = "0",
            ["STRIPE_WEBHOOK_SECRET"] = WebhookSecret,
            ["CLARO_STRIPE_WEBHOOK_URL"] = webhookUrl,
            ["CLARO_STRIPE_WEBHOOK_FIRST_RETRY_MS"] = "50",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = EmulatorApp.Create([], all, clock);
        await app.StartAsync();
        return new EmulatorHost(app, app.Urls.Single());
    }

    public StripeClient Client(string apiKey) => new(new StripeClientOptions
    {
        ApiKey = apiKey,
        ApiBase = BaseUrl,
        ConnectBase = BaseUrl,
        FilesBase = BaseUrl,
    });

    /// <summary>POSTs to <c>/_emulator/{path}</c> and answers the updated object.</summary>
    public async Task<JsonObject> ControlAsync(string path, object? body = null)
    {
        using var response = await Http.PostAsJsonAsync($"/_emulator/{path}", body ?? new { });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(response.IsSuccessStatusCode, $"POST /_emulator/{path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public async Task<JsonArray> EventsAsync() =>
        JsonNode.Parse(await Http.GetStringAsync("/_emulator/events"))!["data"]!.AsArray();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The system clock, moved forward on demand.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}

public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await EmulatorHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulator";
}
