using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Claro.Tests.Platform;
using Npgsql;
using Stripe;

namespace Claro.Tests.Checkout;

/// <summary>POST /api/webhooks/stripe: nothing is recorded unless Stripe signed it, recently.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class StripeWebhookTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_signed_event_is_recorded_once_however_often_it_is_delivered()
    {
        var payload = EventJson(out var eventId);

        var first = await DeliverAsync(payload, Sign(payload));
        var second = await DeliverAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("firstDelivery").GetBoolean());
        Assert.False((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("firstDelivery").GetBoolean());
        Assert.Equal(2, await DeliveriesAsync(eventId));
    }

    [Fact]
    public async Task Events_of_another_api_version_or_none_are_accepted()
    {
        foreach (var version in new[] { "2024-06-20", null })
        {
            var payload = EventJson(out var eventId, apiVersion: version);

            var response = await DeliverAsync(payload, Sign(payload));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, await DeliveriesAsync(eventId));
        }
    }

    [Fact]
    public async Task A_charge_event_before_its_order_is_409_so_stripe_delivers_it_again_and_is_recorded_as_not_handled()
    {
        var eventId = "evt_test_" + Guid.NewGuid().ToString("N");
        var payload = JsonSerializer.Serialize(new
        {
            id = eventId,
            @object = "event",
            api_version = "2026-10-28.endive",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            type = "charge.refunded",
            data = new { @object = new { id = "ch_early", @object = "charge", payment_intent = "pi_not_recorded_" + Guid.NewGuid().ToString("N"), amount_refunded = 500 } },
        });

        var first = await DeliverAsync(payload, Sign(payload));
        var second = await DeliverAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal("payment_not_settled", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(2, await DeliveriesAsync(eventId));
        Assert.Equal(0, await payments.CountAsync("SELECT count(*) FROM stripe_webhook_inbox WHERE event_id = @id AND handled_at IS NOT NULL", eventId));
    }

    [Fact]
    public async Task A_wrong_signature_is_400_and_records_nothing()
    {
        var payload = EventJson(out var eventId);

        var response = await DeliverAsync(payload, EventUtility.GenerateSignatureHeader(payload, "whsec_not_ours", null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await DeliveriesAsync(eventId));
    }

    [Fact]
    public async Task A_missing_signature_is_400_and_records_nothing()
    {
        var payload = EventJson(out var eventId);

        var response = await DeliverAsync(payload, signature: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await DeliveriesAsync(eventId));
    }

    [Fact]
    public async Task A_stale_signature_is_400_and_records_nothing()
    {
        var payload = EventJson(out var eventId);
        var tenMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();

        var response = await DeliverAsync(payload, EventUtility.GenerateSignatureHeader(payload, TestSettings.WebhookSecret, tenMinutesAgo));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await DeliveriesAsync(eventId));
    }

    [Fact]
    public async Task A_tampered_body_is_400_and_records_nothing()
    {
        var payload = EventJson(out var eventId);
        var signature = Sign(payload);

        var response = await DeliverAsync(payload.Replace("account.updated", "charge.refunded"), signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await DeliveriesAsync(eventId));
    }

    [Fact]
    public async Task A_signed_body_that_is_not_an_event_is_400()
    {
        const string garbage = "{\"hello\": \"world\"}";

        var response = await DeliverAsync(garbage, Sign(garbage));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var payload = EventJson(out var eventId, padding: new string('x', 300 * 1024));

        var response = await DeliverAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await DeliveriesAsync(eventId));
    }

    [Fact]
    public async Task An_event_labelled_with_another_content_type_is_still_read_as_the_raw_body()
    {
        var payload = EventJson(out var eventId);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "text/plain") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(payload));

        var response = await payments.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await DeliveriesAsync(eventId));
    }

    [Fact]
    public async Task An_oversized_body_sent_without_a_length_is_413_and_nothing_is_recorded()
    {
        var payload = EventJson(out var eventId, padding: new string('x', 300 * 1024));

        var response = await DeliverAsync(payload, Sign(payload), withLength: false);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await DeliveriesAsync(eventId));
    }

    [Fact]
    public async Task An_event_sent_without_a_length_is_read_whole_and_recorded()
    {
        var payload = EventJson(out var eventId, padding: new string('x', 100 * 1024));

        var response = await DeliverAsync(payload, Sign(payload), withLength: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await DeliveriesAsync(eventId));
    }

    private static string Sign(string payload) => EventUtility.GenerateSignatureHeader(payload, TestSettings.WebhookSecret, null);

    private async Task<HttpResponseMessage> DeliverAsync(string payload, string? signature, bool withLength = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe")
        {
            Content = withLength
                ? new StringContent(payload, Encoding.UTF8, "application/json")
                : new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(payload))),
        };
        request.Headers.TransferEncodingChunked = !withLength;
        if (signature is not null)
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await payments.CreateClient().SendAsync(request);
    }

    private static string EventJson(out string eventId, string? apiVersion = "2026-10-28.endive", string padding = "")
    {
        eventId = "evt_test_" + Guid.NewGuid().ToString("N");
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = apiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["type"] = "account.updated",
            ["data"] = new { @object = new { id = "acct_unknown_" + Guid.NewGuid().ToString("N")[..8], @object = "account", charges_enabled = true, padding } },
        });
    }

    private async Task<int> DeliveriesAsync(string eventId)
    {
        await using var database = NpgsqlDataSource.Create(payments.Claro.Settings.Database);
        await using var command = database.CreateCommand("SELECT coalesce(max(deliveries), 0) FROM stripe_webhook_inbox WHERE event_id = @id");
        command.Parameters.AddWithValue("id", eventId);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
