using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Claro.StripeEmulator.Tests;

public sealed record ReceivedWebhook(string Body, string Signature, int AnsweredWith);

/// <summary>A tiny Kestrel endpoint standing in for Claro's webhook route.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookListener(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <param name="answer">The status to answer the n-th request (1-based) with.</param>
    public static async Task<WebhookListener> StartAsync(Func<int, int>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new WebhookListener(app);
        var count = 0;
        app.MapPost("/webhooks/stripe", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = (answer ?? (_ => 200))(Interlocked.Increment(ref count));
            await listener._received.Writer.WriteAsync(new ReceivedWebhook(body, request.Headers["Stripe-Signature"].ToString(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        listener.Url = app.Urls.Single() + "/webhooks/stripe";
        return listener;
    }

    /// <summary>Waits for the next delivery, failing the test when none arrives before the deadline.</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _received.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No webhook arrived before the deadline.");
        }
    }

    /// <summary>Skips deliveries until one whose body satisfies <paramref name="match"/>.</summary>
    public async Task<ReceivedWebhook> NextMatchingAsync(Func<ReceivedWebhook, bool> match, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = await NextAsync(deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            if (match(next))
            {
                return next;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
