using System.Text.Json.Nodes;
using Stripe;
using Stripe.Checkout;

namespace Claro.StripeEmulator.Tests;

public sealed class WebhookTests
{
    [Fact]
    public async Task Completed_checkout_webhook_verifies_with_stripe_net()
    {
        await using var listener = await WebhookListener.StartAsync();
        await using var host = await EmulatorHost.StartAsync(listener.Url);

        var paid = await Scenario.PaidSessionAsync(host);
        var received = await listener.NextMatchingAsync(w => w.Body.Contains("\"checkout.session.completed\""));

        var evt = EventUtility.ConstructEvent(received.Body, received.Signature, EmulatorHost.WebhookSecret);
        var session = Assert.IsType<Session>(evt.Data.Object);
        Assert.StartsWith("evt_", evt.Id);
        Assert.Equal(EventTypes.CheckoutSessionCompleted, evt.Type);
        Assert.Equal(EmulatorOptions.DefaultApiVersion, evt.ApiVersion);
        Assert.Equal(paid.Id, session.Id);
        Assert.Equal("paid", session.PaymentStatus);
        Assert.Equal(paid.PaymentIntentId, session.PaymentIntentId);
        Assert.Equal("checkout-1", session.Metadata["checkoutId"]);
    }

    [Fact]
    public async Task Webhook_signed_with_another_secret_does_not_verify()
    {
        await using var listener = await WebhookListener.StartAsync();
        await using var host = await EmulatorHost.StartAsync(listener.Url);

        await Scenario.OnboardedAccountAsync(host);
        var received = await listener.NextAsync();

        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(received.Body, received.Signature, "whsec_someone_else"));
    }

    [Fact]
    public async Task Onboarding_emits_account_updated_for_the_connected_account()
    {
        await using var listener = await WebhookListener.StartAsync();
        await using var host = await EmulatorHost.StartAsync(listener.Url);

        var account = await Scenario.OnboardedAccountAsync(host);
        var received = await listener.NextAsync();

        var evt = EventUtility.ConstructEvent(received.Body, received.Signature, EmulatorHost.WebhookSecret);
        var updated = Assert.IsType<Account>(evt.Data.Object);
        Assert.Equal(EventTypes.AccountUpdated, evt.Type);
        Assert.Equal(account.Id, evt.Account);
        Assert.True(updated.ChargesEnabled);
        Assert.Empty(updated.Requirements.CurrentlyDue);
    }

    [Fact]
    public async Task Listener_that_answers_500_once_receives_the_same_event_again()
    {
        await using var listener = await WebhookListener.StartAsync(answer: n => n == 1 ? 500 : 200);
        await using var host = await EmulatorHost.StartAsync(listener.Url);

        await Scenario.OnboardedAccountAsync(host);
        var first = await listener.NextAsync();
        var second = await listener.NextAsync();

        Assert.Equal(500, first.AnsweredWith);
        Assert.Equal(EventId(first), EventId(second));
        Assert.Equal(first.Body, second.Body);
        EventUtility.ConstructEvent(second.Body, second.Signature, EmulatorHost.WebhookSecret);
        var recorded = await DeliveredAsync(host, EventId(first));
        Assert.Equal([500, 200], recorded["delivery"]!["attempts"]!.AsArray().Select(a => a!["status_code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Delivery_is_given_up_after_the_configured_attempts()
    {
        await using var listener = await WebhookListener.StartAsync(answer: _ => 503);
        await using var host = await EmulatorHost.StartAsync(listener.Url, new Dictionary<string, string?>
        {
            ["CLARO_STRIPE_WEBHOOK_ATTEMPTS"] = "3",
            ["CLARO_STRIPE_WEBHOOK_FIRST_RETRY_MS"] = "10",
        });

        await Scenario.OnboardedAccountAsync(host);
        var attempts = new[] { await listener.NextAsync(), await listener.NextAsync(), await listener.NextAsync() };

        Assert.Single(attempts.Select(EventId).Distinct());
        var recorded = await WaitForEventAsync(host, e => e["delivery"]!["status"]!.GetValue<string>() == "failed");
        Assert.Equal(3, recorded["delivery"]!["attempts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Chaos_mode_delivers_events_more_than_once()
    {
        await using var listener = await WebhookListener.StartAsync();
        await using var host = await EmulatorHost.StartAsync(listener.Url, new Dictionary<string, string?>
        {
            ["CLARO_STRIPE_CHAOS"] = "1",
            ["CLARO_STRIPE_CHAOS_DUPLICATE_SHARE"] = "1",
            ["CLARO_STRIPE_CHAOS_REORDER_SHARE"] = "0",
            ["CLARO_STRIPE_CHAOS_DELAY_MS"] = "50",
        });

        await Scenario.OnboardedAccountAsync(host);
        var first = await listener.NextAsync();
        var second = await listener.NextAsync();

        Assert.Equal(EventId(first), EventId(second));
    }

    [Fact]
    public async Task Session_expires_by_itself_once_expires_at_passes()
    {
        var clock = new MovableClock();
        await using var host = await EmulatorHost.StartAsync(settings: new Dictionary<string, string?> { ["CLARO_STRIPE_EXPIRY_CHECK_MS"] = "20" }, clock: clock);
        var account = await Scenario.OnboardedAccountAsync(host);
        var options = Scenario.Checkout(account.Id);
        options.ExpiresAt = DateTime.UtcNow.AddMinutes(45);
        var session = await new SessionService(host.Stripe).CreateAsync(options);

        clock.Advance(TimeSpan.FromMinutes(46));
        var expired = await WaitForEventAsync(host, e => e["type"]!.GetValue<string>() == "checkout.session.expired");

        Assert.Equal(session.Id, expired["data"]!["object"]!["id"]!.GetValue<string>());
        Assert.Equal("expired", (await new SessionService(host.Stripe).GetAsync(session.Id)).Status);
    }

    [Fact]
    public async Task Events_are_listed_newest_first()
    {
        await using var host = await EmulatorHost.StartAsync();

        var session = await Scenario.PaidSessionAsync(host);
        await new RefundService(host.Stripe).CreateAsync(new RefundCreateOptions { PaymentIntent = session.PaymentIntentId });
        var events = await host.EventsAsync();

        Assert.Equal(["charge.refunded", "checkout.session.completed", "account.updated"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("no_endpoint", e!["delivery"]!["status"]!.GetValue<string>()));
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private static string EventId(ReceivedWebhook webhook) => JsonNode.Parse(webhook.Body)!["id"]!.GetValue<string>();

    private static Task<JsonObject> DeliveredAsync(EmulatorHost host, string eventId) =>
        WaitForEventAsync(host, e => e["id"]!.GetValue<string>() == eventId && e["delivery"]!["status"]!.GetValue<string>() == "delivered");

    /// <summary>Polls the control API until an event matches; delivery bookkeeping lands just after the listener answers.</summary>
    private static async Task<JsonObject> WaitForEventAsync(EmulatorHost host, Func<JsonObject, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = (await host.EventsAsync()).Select(e => e!.AsObject()).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, "No matching event before the deadline.");
            await Task.Delay(PollInterval);
        }
    }
}
