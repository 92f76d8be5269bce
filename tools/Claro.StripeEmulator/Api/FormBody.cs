using System.Globalization;

namespace Claro.StripeEmulator.Api;

/// <summary>
/// A Stripe form-encoded body as a tree: <c>a[b][c]=v</c>, <c>a[0][b]=v</c> and <c>a[]=v</c>
/// become nested nodes. Values are read back by the same names Stripe uses in its errors'
/// <c>param</c>, e.g. <c>Text("payment_intent_data[transfer_data][destination]")</c>.
/// </summary>
public sealed class FormBody
{
    private readonly Dictionary<string, object> _children = new(StringComparer.Ordinal);

    public static FormBody Empty { get; } = new();

    /// <summary>The pairs sorted, so two requests with the same parameters compare equal.</summary>
    public string Canonical { get; private init; } = "";

    public IEnumerable<string> Keys => _children.Keys;

    public static FormBody Parse(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var list = pairs.ToList();
        var root = new FormBody
        {
            Canonical = string.Join("&", list
                .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))
                .Order(StringComparer.Ordinal)),
        };
        foreach (var (key, value) in list)
        {
            root.Add(Segments(key), value);
        }
        return root;
    }

    public static async Task<FormBody> ReadAsync(HttpRequest request)
    {
        if (request.HttpContext.Items[typeof(FormBody)] is FormBody cached)
        {
            return cached;
        }
        var pairs = request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))).ToList();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            pairs.AddRange(form.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? ""))));
        }
        var body = Parse(pairs);
        request.HttpContext.Items[typeof(FormBody)] = body;
        return body;
    }

    public string? Text(string name) =>
        Find(name) is string s && s.Length > 0 ? s : null;

    public FormBody? Node(string name) => Find(name) as FormBody;

    public bool Has(string name) => Find(name) is not null;

    public long? Integer(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StripeApiException.Invalid(name, $"Invalid integer: {text}", "parameter_invalid_integer");
    }

    public bool? Boolean(string name) => Text(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw StripeApiException.Invalid(name, $"Invalid boolean: {other}", "parameter_invalid_boolean"),
    };

    /// <summary>The children of an indexed list (<c>a[0]</c>, <c>a[1]</c>, or <c>a[]</c>) in index order.</summary>
    public IReadOnlyList<object> List(string name) =>
        Node(name) is { } node
            ? node._children
                .OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue)
                .Select(c => c.Value)
                .ToList()
            : Text(name) is { } single ? [single] : [];

    public IReadOnlyList<string> Strings(string name) =>
        List(name).OfType<string>().Where(s => s.Length > 0).ToList();

    public IReadOnlyDictionary<string, string> Dictionary(string name) =>
        Node(name) is { } node
            ? node._children.Where(c => c.Value is string { Length: > 0 })
                .ToDictionary(c => c.Key, c => (string)c.Value)
            : new Dictionary<string, string>();

    public IReadOnlyList<string> Expand => Strings("expand");

    private object? Find(string name)
    {
        object? current = this;
        foreach (var segment in Segments(name))
        {
            if (current is not FormBody node || !node._children.TryGetValue(segment, out current))
            {
                return null;
            }
        }
        return current;
    }

    private void Add(IReadOnlyList<string> segments, string value)
    {
        var node = this;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i].Length == 0 ? node._children.Count.ToString(CultureInfo.InvariantCulture) : segments[i];
            if (i == segments.Count - 1)
            {
                node._children[segment] = value;
                return;
            }
            if (!node._children.TryGetValue(segment, out var child) || child is not FormBody next)
            {
                next = new FormBody();
                node._children[segment] = next;
            }
            node = next;
        }
    }

    private static List<string> Segments(string key)
    {
        var open = key.IndexOf('[');
        if (open < 0)
        {
            return [key];
        }
        var segments = new List<string> { key[..open] };
        while (open >= 0 && open < key.Length)
        {
            var close = key.IndexOf(']', open);
            if (close < 0)
            {
                segments.Add(key[(open + 1)..]);
                break;
            }
            segments.Add(key[(open + 1)..close]);
            open = key.IndexOf('[', close);
        }
        return segments;
    }
}
