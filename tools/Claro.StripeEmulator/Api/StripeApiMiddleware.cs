using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Claro.StripeEmulator.Api;

/// <summary>
/// What every <c>/v1</c> request goes through: a test-mode secret key, Stripe-shaped errors,
/// and idempotent replay. A key's first successful response is kept per API key and replayed
/// byte for byte; reusing the key with other parameters is an <c>idempotency_error</c>.
/// </summary>
public sealed partial class StripeApiMiddleware(RequestDelegate next)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _keyLocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredResponse> _responses = new(StringComparer.Ordinal);

    private sealed record StoredResponse(string Fingerprint, int Status, string ContentType, byte[] Body, string RequestId);

    [GeneratedRegex("^(sk|rk)_test_[A-Za-z0-9_]+$")]
    private static partial Regex TestKey();

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = StripeIds.New("req_", 14);
        context.Response.Headers["Request-Id"] = requestId;
        try
        {
            var apiKey = ApiKey(context.Request);
            var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
            if (HttpMethods.IsPost(context.Request.Method) && idempotencyKey.Length > 0)
            {
                await ReplayOrRunAsync(context, $"{apiKey}\n{idempotencyKey}", idempotencyKey, requestId);
            }
            else
            {
                await next(context);
            }
        }
        catch (StripeApiException e) when (!context.Response.HasStarted)
        {
            await e.ToResult().ExecuteAsync(context);
        }
    }

    private static string ApiKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            throw StripeApiException.Unauthenticated(
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
                ? BasicUser(header["Basic ".Length..].Trim())
                : "";
        return TestKey().IsMatch(key)
            ? key
            : throw StripeApiException.Unauthenticated($"Invalid API Key provided: {Redact(key)}. The emulator accepts test-mode secret keys (sk_test_...).");
    }

    private static string BasicUser(string encoded)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            return decoded.Split(':')[0];
        }
        catch (FormatException)
        {
            return "";
        }
    }

    private static string Redact(string key) => key.Length <= 8 ? key : key[..8] + new string('*', Math.Min(16, key.Length - 8));

    private async Task ReplayOrRunAsync(HttpContext context, string storeKey, string idempotencyKey, string requestId)
    {
        var form = await FormBody.ReadAsync(context.Request);
        var fingerprint = $"{context.Request.Method} {context.Request.Path}?{form.Canonical}";
        var gate = _keyLocks.GetOrAdd(storeKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(context.RequestAborted);
        try
        {
            if (_responses.TryGetValue(storeKey, out var stored))
            {
                if (stored.Fingerprint != fingerprint)
                {
                    throw StripeApiException.IdempotencyMismatch(idempotencyKey);
                }
                context.Response.StatusCode = stored.Status;
                context.Response.ContentType = stored.ContentType;
                context.Response.Headers["Idempotent-Replayed"] = "true";
                context.Response.Headers["Original-Request"] = stored.RequestId;
                await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
                return;
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                try
                {
                    await next(context);
                }
                catch (StripeApiException e)
                {
                    await e.ToResult().ExecuteAsync(context);
                }
            }
            finally
            {
                context.Response.Body = original;
            }
            if (context.Response.StatusCode < 400)
            {
                _responses[storeKey] = new StoredResponse(fingerprint, context.Response.StatusCode,
                    context.Response.ContentType ?? "application/json", buffer.ToArray(), requestId);
            }
            context.Response.Headers["Idempotency-Key"] = idempotencyKey;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }
        finally
        {
            gate.Release();
        }
    }
}
