using System.Text.Json.Nodes;
using Claro.StripeEmulator.Api;
using Claro.StripeEmulator.Webhooks;

namespace Claro.StripeEmulator;

/// <summary>
/// Everything the emulator knows, in memory. One lock guards all of it, so every operation
/// (a state change and the event it emits) is atomic; operations live beside their objects
/// in Accounts/, Checkout/ and Payments/.
/// </summary>
public sealed partial class EmulatorState(TimeProvider clock, EventDispatcher events)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IStripeObject> _objects = new(StringComparer.Ordinal);

    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The object as the API answers it, with each <c>expand[]</c> path (<c>payment_intent.latest_charge</c>) filled in.</summary>
    public JsonObject Render(string id, IReadOnlyList<string> expand)
    {
        lock (_gate)
        {
            var owner = _objects[id];
            var json = owner.ToJson();
            foreach (var path in expand)
            {
                Expand(json, owner, path.Split('.'));
            }
            return json;
        }
    }

    public bool Exists<T>(string id) where T : IStripeObject
    {
        lock (_gate)
        {
            return _objects.TryGetValue(id, out var found) && found is T;
        }
    }

    private void Expand(JsonObject node, IStripeObject owner, IReadOnlyList<string> path)
    {
        foreach (var field in path)
        {
            JsonNode? value = node[field];
            if (value is null && owner.ExpandOnly(field) is { } extra)
            {
                node[field] = value = extra;
            }
            else if (value is JsonValue v && v.TryGetValue<string>(out var childId) && _objects.TryGetValue(childId, out var child))
            {
                node[field] = value = child.ToJson();
                owner = child;
            }
            if (value is not JsonObject next)
            {
                return;
            }
            node = next;
        }
    }

    private T Get<T>(string id, string what, string? param = null) where T : class, IStripeObject =>
        _objects.TryGetValue(id, out var found) && found is T typed ? typed : throw StripeApiException.NoSuch(what, id, param);

    private T Add<T>(T obj) where T : IStripeObject
    {
        _objects.Add(obj.Id, obj);
        return obj;
    }

    private void Emit(string type, IStripeObject obj, JsonObject? previousAttributes = null, string? account = null) =>
        events.Publish(type, obj.ToJson(), previousAttributes, account);
}
