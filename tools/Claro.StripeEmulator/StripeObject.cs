using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Claro.StripeEmulator;

/// <summary>An object the API can answer, retrieve by id and expand into another.</summary>
public interface IStripeObject
{
    string Id { get; }

    JsonObject ToJson();

    /// <summary>Fields Stripe leaves out unless asked for with <c>expand[]</c>, such as a session's line items.</summary>
    JsonNode? ExpandOnly(string field) => null;
}

public static class StripeIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) =>
        prefix + RandomNumberGenerator.GetString(Alphabet, length);
}

public static class StripeJson
{
    public static JsonObject Metadata(IReadOnlyDictionary<string, string> metadata)
    {
        var json = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            json[key] = value;
        }
        return json;
    }

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    public static JsonObject List(string url, IEnumerable<JsonNode> data) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(data.ToArray()),
        ["has_more"] = false,
        ["url"] = url,
    };
}
