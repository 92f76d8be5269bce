using System.Security.Cryptography;
using System.Text;
using Claro.Platform;
using Microsoft.AspNetCore.WebUtilities;

namespace Claro.Api.Library;

/// <summary>
/// Links that let a browser fetch one file of one bought product for a while, without a bearer
/// token: the link is signed (HMAC-SHA256 with a key derived from <c>CLARO_TOKEN_SIGNING_KEY</c>)
/// and names buyer, product, file and expiry. The download still checks the entitlement is live.
/// </summary>
public sealed class DownloadLinks(ClaroSettings settings, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.TokenSigningKey), "claro/download-links/v1"u8);

    public (string Url, DateTimeOffset ExpiresAt) Create(string buyerId, string productId, string fileId)
    {
        var expiresAt = clock.GetUtcNow() + Lifetime;
        var payload = Encoding.UTF8.GetBytes($"{buyerId}|{productId}|{fileId}|{expiresAt.ToUnixTimeSeconds()}");
        var token = WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, payload));
        return ($"{settings.PublicBaseUrl.TrimEnd('/')}/api/downloads/{token}", expiresAt);
    }

    /// <summary>What a token grants, or null when it is malformed, forged or expired.</summary>
    public DownloadGrant? Verify(string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0)
            return null;
        try
        {
            var payload = WebEncoders.Base64UrlDecode(token[..dot]);
            var signature = WebEncoders.Base64UrlDecode(token[(dot + 1)..]);
            if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
                return null;
            var parts = Encoding.UTF8.GetString(payload).Split('|');
            if (parts.Length != 4 || !long.TryParse(parts[3], out var expires) || DateTimeOffset.FromUnixTimeSeconds(expires) <= clock.GetUtcNow())
                return null;
            return new DownloadGrant(parts[0], parts[1], parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public sealed record DownloadGrant(string BuyerId, string ProductId, string FileId);
