using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Claro.StripeEmulator.Api;

namespace Claro.StripeEmulator.Webhooks;

/// <summary>
/// Records every event and delivers it to the configured endpoint, signed as Stripe signs.
/// First attempts go out in emission order from one loop; a failed delivery is retried on its
/// own schedule (first retry after <see cref="EmulatorOptions.WebhookFirstRetry"/>, doubling).
/// In chaos mode a share of events is delivered twice and a share is held back so later ones overtake it.
/// </summary>
public sealed class EventDispatcher(EmulatorOptions options, TimeProvider clock, ILogger<EventDispatcher> logger)
    : BackgroundService
{
    private readonly Channel<Delivery> _queue = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<WebhookEvent> _events = [];
    private readonly Dictionary<string, WebhookEvent> _byId = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = options.WebhookTimeout };
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    private sealed record Delivery(WebhookEvent Event, int Number);

    public WebhookEvent Publish(string type, JsonObject data, JsonObject? previousAttributes = null, string? account = null)
    {
        var payload = new JsonObject { ["id"] = StripeIds.New("evt_"), ["object"] = "event" };
        if (account is not null)
        {
            payload["account"] = account;
        }
        payload["api_version"] = options.ApiVersion;
        payload["created"] = clock.GetUtcNow().ToUnixTimeSeconds();
        payload["data"] = previousAttributes is null
            ? new JsonObject { ["object"] = data }
            : new JsonObject { ["object"] = data, ["previous_attributes"] = previousAttributes };
        payload["livemode"] = false;
        payload["pending_webhooks"] = options.WebhookUrl is null ? 0 : 1;
        payload["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null };
        payload["type"] = type;

        var evt = new WebhookEvent
        {
            Id = payload["id"]!.GetValue<string>(),
            Type = type,
            Payload = payload,
            Body = ApiResults.Serialize(payload),
        };
        lock (_events)
        {
            _events.Add(evt);
            _byId[evt.Id] = evt;
        }
        Schedule(evt);
        return evt;
    }

    public IReadOnlyList<WebhookEvent> NewestFirst()
    {
        lock (_events)
        {
            return _events.AsEnumerable().Reverse().ToList();
        }
    }

    public WebhookEvent? Find(string id)
    {
        lock (_events)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        // Registered both as itself and as a hosted service, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _stopping.Cancel();
        _stopping.Dispose();
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _stopping.Token);
        var token = linked.Token;
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(token))
            {
                if (!await AttemptAsync(delivery, 1, token))
                {
                    _ = RetryAsync(delivery, token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private void Schedule(WebhookEvent evt)
    {
        if (options.WebhookUrl is null)
        {
            evt.MarkUndelivered("no_endpoint");
            return;
        }
        if (options.Chaos && Random.Shared.NextDouble() < options.ChaosReorderShare)
        {
            _ = EnqueueLaterAsync(new Delivery(evt, 1), options.ChaosDelay);
        }
        else
        {
            _queue.Writer.TryWrite(new Delivery(evt, 1));
        }
        if (options.Chaos && Random.Shared.NextDouble() < options.ChaosDuplicateShare)
        {
            _ = EnqueueLaterAsync(new Delivery(evt, 2), options.ChaosDelay * Random.Shared.NextDouble());
        }
    }

    private async Task EnqueueLaterAsync(Delivery delivery, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, clock, _stopping.Token);
            _queue.Writer.TryWrite(delivery);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RetryAsync(Delivery delivery, CancellationToken token)
    {
        var delay = options.WebhookFirstRetry;
        try
        {
            for (var attempt = 2; attempt <= options.WebhookAttempts; attempt++)
            {
                await Task.Delay(delay, clock, token);
                if (await AttemptAsync(delivery, attempt, token))
                {
                    return;
                }
                delay *= 2;
            }
            delivery.Event.MarkUndelivered("failed");
            logger.LogWarning("Gave up delivering {EventId} ({Type}) after {Attempts} attempts", delivery.Event.Id, delivery.Event.Type, options.WebhookAttempts);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> AttemptAsync(Delivery delivery, int attempt, CancellationToken token)
    {
        var evt = delivery.Event;
        var now = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl)
        {
            Content = new StringContent(evt.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", WebhookSignature.Header(options.WebhookSecret, now.ToUnixTimeSeconds(), evt.Body));
        request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (Claro Stripe emulator)");
        try
        {
            using var response = await _http.SendAsync(request, token);
            var result = new DeliveryAttempt(delivery.Number, attempt, now, (int)response.StatusCode, null);
            evt.Record(result);
            logger.Log(result.Succeeded ? LogLevel.Debug : LogLevel.Warning,
                "{Type} {EventId} attempt {Attempt}: {Status}", evt.Type, evt.Id, attempt, result.StatusCode);
            return result.Succeeded;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
        {
            evt.Record(new DeliveryAttempt(delivery.Number, attempt, now, null, e.Message));
            logger.LogWarning("{Type} {EventId} attempt {Attempt}: no answer from {Endpoint} ({Error})", evt.Type, evt.Id, attempt, options.WebhookUrl, e.Message);
            return false;
        }
    }
}
