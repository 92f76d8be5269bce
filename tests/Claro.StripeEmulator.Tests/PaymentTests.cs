using System.Net;
using Stripe;
using Stripe.Checkout;

namespace Claro.StripeEmulator.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class PaymentTests(EmulatorFixture fixture)
{
    private readonly EmulatorHost _host = fixture.Host;

    [Fact]
    public async Task Paying_completes_the_session_with_a_succeeded_destination_payment()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var created = await new SessionService(_host.Stripe).CreateAsync(Scenario.Checkout(account.Id));

        var paid = await _host.ControlAsync($"checkout/sessions/{created.Id}/pay");
        var session = await new SessionService(_host.Stripe).GetAsync(created.Id);
        var intent = await new PaymentIntentService(_host.Stripe).GetAsync(session.PaymentIntentId);

        Assert.Equal("complete", paid["status"]!.GetValue<string>());
        Assert.Equal(("complete", "paid"), (session.Status, session.PaymentStatus));
        Assert.StartsWith("pi_", session.PaymentIntentId);
        Assert.Equal("succeeded", intent.Status);
        Assert.Equal(3500, intent.Amount);
        Assert.Equal(300, intent.ApplicationFeeAmount);
        Assert.Equal(account.Id, intent.TransferData.DestinationId);
        Assert.Equal("checkout-1", intent.Metadata["checkoutId"]);
        Assert.StartsWith("ch_", intent.LatestChargeId);
    }

    [Fact]
    public async Task Asynchronous_payment_stays_unpaid_until_the_bank_confirms_it()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var session = await new SessionService(_host.Stripe).CreateAsync(Scenario.Checkout(account.Id));

        var pending = await _host.ControlAsync($"checkout/sessions/{session.Id}/pay", new { @async = true });
        var intentId = pending["payment_intent"]!.GetValue<string>();
        var processing = await new PaymentIntentService(_host.Stripe).GetAsync(intentId);
        var confirmed = await _host.ControlAsync($"checkout/sessions/{session.Id}/async_succeed");
        var succeeded = await new PaymentIntentService(_host.Stripe).GetAsync(intentId);

        Assert.Equal(("complete", "unpaid"), (pending["status"]!.GetValue<string>(), pending["payment_status"]!.GetValue<string>()));
        Assert.Equal("processing", processing.Status);
        Assert.Equal("paid", confirmed["payment_status"]!.GetValue<string>());
        Assert.Equal("succeeded", succeeded.Status);
        Assert.Contains(await _host.EventsAsync(), e =>
            e!["type"]!.GetValue<string>() == "checkout.session.async_payment_succeeded" && e["data"]!["object"]!["id"]!.GetValue<string>() == session.Id);
    }

    [Fact]
    public async Task Failed_asynchronous_payment_leaves_the_session_unpaid()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var session = await new SessionService(_host.Stripe).CreateAsync(Scenario.Checkout(account.Id));
        await _host.ControlAsync($"checkout/sessions/{session.Id}/pay", new { @async = true });

        var failed = await _host.ControlAsync($"checkout/sessions/{session.Id}/async_fail");

        Assert.Equal("unpaid", failed["payment_status"]!.GetValue<string>());
        Assert.Contains(await _host.EventsAsync(), e =>
            e!["type"]!.GetValue<string>() == "checkout.session.async_payment_failed" && e["data"]!["object"]!["id"]!.GetValue<string>() == session.Id);
    }

    [Fact]
    public async Task Refunds_through_stripe_net_return_what_is_left_and_no_more()
    {
        var session = await Scenario.PaidSessionAsync(_host);
        var refunds = new RefundService(_host.Stripe);

        var part = await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = session.PaymentIntentId, Amount = 1000 });
        var tooMuch = await Scenario.RefusedAsync(() =>
            refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = session.PaymentIntentId, Amount = 2501 }));
        var rest = await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = session.PaymentIntentId });
        var nothingLeft = await Scenario.RefusedAsync(() =>
            refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = session.PaymentIntentId }));

        Assert.StartsWith("re_", part.Id);
        Assert.Equal((1000L, "succeeded"), (part.Amount, part.Status));
        Assert.Equal((HttpStatusCode.BadRequest, "amount"), (tooMuch.HttpStatusCode, tooMuch.StripeError.Param));
        Assert.Equal(2500, rest.Amount);
        Assert.Equal("charge_already_refunded", nothingLeft.StripeError.Code);
        var charge = await new ChargeService(_host.Stripe).GetAsync(part.ChargeId);
        Assert.True(charge.Refunded);
        Assert.Equal(3500, charge.AmountRefunded);
    }

    [Fact]
    public async Task Refund_of_an_unknown_payment_intent_names_the_payment_intent()
    {
        var error = await Scenario.RefusedAsync(() =>
            new RefundService(_host.Stripe).CreateAsync(new RefundCreateOptions { PaymentIntent = "pi_doesnotexist" }));

        Assert.Equal(("resource_missing", "payment_intent"), (error.StripeError.Code, error.StripeError.Param));
    }

    [Fact]
    public async Task Control_refund_emits_charge_refunded()
    {
        var session = await Scenario.PaidSessionAsync(_host);

        var refund = await _host.ControlAsync($"payment_intents/{session.PaymentIntentId}/refund", new { amount = 500 });

        Assert.Equal(500, refund["amount"]!.GetValue<long>());
        Assert.Contains(await _host.EventsAsync(), e =>
            e!["type"]!.GetValue<string>() == "charge.refunded" && e["data"]!["object"]!["payment_intent"]!.GetValue<string>() == session.PaymentIntentId);
    }

    [Fact]
    public async Task Dispute_opens_on_the_charge_and_closes_with_its_outcome()
    {
        var session = await Scenario.PaidSessionAsync(_host);

        var opened = await _host.ControlAsync($"payment_intents/{session.PaymentIntentId}/dispute");
        var disputeId = opened["id"]!.GetValue<string>();
        var closed = await _host.ControlAsync($"disputes/{disputeId}/close", new { outcome = "lost" });
        var events = await _host.EventsAsync();
        var cannotRefund = await Scenario.RefusedAsync(() =>
            new RefundService(_host.Stripe).CreateAsync(new RefundCreateOptions { PaymentIntent = session.PaymentIntentId }));

        Assert.StartsWith("dp_", disputeId);
        Assert.Equal(("needs_response", 3500L), (opened["status"]!.GetValue<string>(), opened["amount"]!.GetValue<long>()));
        Assert.Equal("lost", closed["status"]!.GetValue<string>());
        Assert.Contains(events, e => e!["type"]!.GetValue<string>() == "charge.dispute.created" && e["data"]!["object"]!["id"]!.GetValue<string>() == disputeId);
        Assert.Contains(events, e => e!["type"]!.GetValue<string>() == "charge.dispute.closed" && e["data"]!["object"]!["status"]!.GetValue<string>() == "lost");
        Assert.Equal("charge_disputed", cannotRefund.StripeError.Code);
    }

    [Fact]
    public async Task Paying_an_expired_session_is_refused()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var session = await new SessionService(_host.Stripe).CreateAsync(Scenario.Checkout(account.Id));
        await _host.ControlAsync($"checkout/sessions/{session.Id}/expire");

        using var response = await _host.Http.PostAsync($"/_emulator/checkout/sessions/{session.Id}/pay", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("checkout_session_not_open", await response.Content.ReadAsStringAsync());
    }
}
