using System.Text.Json.Nodes;

namespace Claro.StripeEmulator.Webhooks;

public sealed record DeliveryAttempt(int Delivery, int Attempt, DateTimeOffset At, int? StatusCode, string? Error)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>An emitted event: its body is fixed once, so every delivery of it is the same bytes.</summary>
public sealed class WebhookEvent
{
    private readonly List<DeliveryAttempt> _attempts = [];
    private string _status = "pending";

    public required string Id { get; init; }
    public required string Type { get; init; }
    public required JsonObject Payload { get; init; }
    public required string Body { get; init; }

    public IReadOnlyList<DeliveryAttempt> Attempts
    {
        get { lock (_attempts) { return _attempts.ToList(); } }
    }

    public string Status
    {
        get { lock (_attempts) { return _status; } }
    }

    public void Record(DeliveryAttempt attempt)
    {
        lock (_attempts)
        {
            _attempts.Add(attempt);
            if (attempt.Succeeded)
            {
                _status = "delivered";
            }
        }
    }

    public void MarkUndelivered(string status)
    {
        lock (_attempts)
        {
            if (_status != "delivered")
            {
                _status = status;
            }
        }
    }

    public JsonObject ToControlJson(Uri? endpoint)
    {
        var json = (JsonObject)Payload.DeepClone();
        json["delivery"] = new JsonObject
        {
            ["endpoint"] = endpoint?.ToString(),
            ["status"] = Status,
            ["attempts"] = new JsonArray(Attempts.Select(a => (JsonNode)new JsonObject
            {
                ["delivery"] = a.Delivery,
                ["attempt"] = a.Attempt,
                ["at"] = a.At.ToString("O"),
                ["status_code"] = a.StatusCode,
                ["error"] = a.Error,
            }).ToArray()),
        };
        return json;
    }
}
