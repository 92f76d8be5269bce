using System.Text.Json;
using Claro.Platform;

namespace Claro.Checkout;

/// <summary>
/// The fields of a Stripe event that every API version has: id, type, created, and the object.
/// Claro reads events itself rather than through Stripe.net's typed model, which is pinned to one
/// API version while real accounts send their own.
/// </summary>
public sealed record StripeEventEnvelope(string Id, string Type, string? ApiVersion, DateTimeOffset Created, JsonElement Object)
{
    public static StripeEventEnvelope Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            return new StripeEventEnvelope(
                root.GetProperty("id").GetString() ?? throw new FormatException("id"),
                root.GetProperty("type").GetString() ?? throw new FormatException("type"),
                root.TryGetProperty("api_version", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null,
                DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("created").GetInt64()),
                root.GetProperty("data").GetProperty("object").Clone());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ValidationException("body", "Not a Stripe event.");
        }
    }

    public string? ObjectString(string property) =>
        Object.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public long? ObjectLong(string property) =>
        Object.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    public bool ObjectFlag(string property) =>
        Object.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}
