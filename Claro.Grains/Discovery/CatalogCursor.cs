using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Claro.Platform;

namespace Claro.Discovery;

/// <summary>
/// The opaque discovery cursor: the last item's sort key and product id, bound to the query it
/// came from by a fingerprint, and signed so that a client can neither forge a position nor carry
/// one over to another query. Format: base64url(payload) "." base64url(HMAC-SHA256(payload)).
/// </summary>
public sealed class CatalogCursor
{
    private const string Version = "c1";
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("claro.discovery.cursor.v1");

    private readonly byte[] _key;

    public CatalogCursor(ClaroSettings settings) =>
        // A key of its own, so a cursor can never stand in for a token signed with the root key.
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(settings.TokenSigningKey), 32, info: Purpose);

    /// <summary>Where a page ended: the sort key written exactly (<see cref="CatalogSort"/>) and the product id.</summary>
    public readonly record struct Position(string Key, string ProductId);

    public string Encode(string fingerprint, Position position)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', Version, fingerprint, position.Key, position.ProductId));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>The position in a cursor this query gave out; 400 on <c>cursor</c> for anything else.</summary>
    public Position Decode(string cursor, string fingerprint)
    {
        var dot = cursor.IndexOf('.');
        byte[] payload, mac;
        try
        {
            if (dot <= 0 || cursor.Length > 2048)
                throw Invalid();
            payload = Base64Url.DecodeFromChars(cursor.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(cursor.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            throw Invalid();
        }
        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload)))
            throw Invalid();

        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 4 || parts[0] != Version)
            throw Invalid();
        if (parts[1] != fingerprint)
            throw new ValidationException("cursor", "This cursor belongs to a query with other filters or another sort; start again without it.");
        return new Position(parts[2], parts[3]);
    }

    /// <summary>A digest of everything that decides which rows a query sees and in what order.</summary>
    public static string Fingerprint(params string?[] parts)
    {
        var canonical = string.Join('\u001f', parts.Select(p => p ?? "\u0000"));
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 16));
    }

    private static ValidationException Invalid() => new("cursor", "Not a cursor this list gave out.");
}
