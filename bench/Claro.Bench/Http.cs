using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Claro.Bench;

/// <summary>One HTTP client for everything the benchmark sends: pooled keep-alive connections, loopback only.</summary>
public sealed class Http(string apiUrl, string emulatorUrl, int connections) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public readonly record struct Answer(HttpStatusCode Status, string Body)
    {
        public bool Ok => (int)Status is >= 200 and < 300;

        public JsonNode Json() => JsonNode.Parse(Body)!;

        public Answer Expect(HttpStatusCode status, string what) =>
            Status == status ? this : throw new InvalidOperationException($"{what}: expected {(int)status}, got {(int)Status}: {Truncate(Body)}");
    }

    public Task<Answer> ApiAsync(HttpMethod method, string path, string? token = null, object? json = null, CancellationToken cancel = default) =>
        SendAsync(apiUrl + path, method, token, json is null ? null : JsonSerializer.Serialize(json), null, cancel);

    public Task<Answer> EmulatorAsync(HttpMethod method, string path, CancellationToken cancel = default) =>
        SendAsync(emulatorUrl + path, method, null, method == HttpMethod.Post ? "{}" : null, null, cancel);

    /// <summary>Delivers an event body to Claro's webhook route, signed now with the secret the API was given.</summary>
    public Task<Answer> DeliverWebhookAsync(string body, CancellationToken cancel = default) =>
        SendAsync(apiUrl + "/api/webhooks/stripe", HttpMethod.Post, null, body,
            Stripe.EventUtility.GenerateSignatureHeader(body, Stack.WebhookSecret, null), cancel);

    /// <summary>A GET whose body is read and dropped; the status is all a throughput loop needs.</summary>
    public async Task<HttpStatusCode> GetStatusAsync(string path, string? token, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, apiUrl + path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel);
        return response.StatusCode;
    }

    private async Task<Answer> SendAsync(string url, HttpMethod method, string? token, string? body, string? stripeSignature, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (stripeSignature is not null)
            request.Headers.TryAddWithoutValidation("Stripe-Signature", stripeSignature);
        using var response = await _client.SendAsync(request, cancel);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(cancel));
    }

    private static string Truncate(string text) => text.Length <= 400 ? text : text[..400] + "…";

    public void Dispose() => _client.Dispose();
}
