using System.Security.Cryptography;
using System.Text;

namespace Claro.StripeEmulator.Webhooks;

/// <summary>Stripe's scheme: <c>t=&lt;unix seconds&gt;,v1=hex(HMAC-SHA256(secret, "t.body"))</c>.</summary>
public static class WebhookSignature
{
    public static string Header(string secret, long timestamp, string body) =>
        $"t={timestamp},v1={Compute(secret, timestamp, body)}";

    public static string Compute(string secret, long timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
