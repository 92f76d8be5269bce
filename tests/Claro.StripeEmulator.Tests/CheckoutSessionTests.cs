using System.Net;
using Stripe;
using Stripe.Checkout;

namespace Claro.StripeEmulator.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class CheckoutSessionTests(EmulatorFixture fixture)
{
    private const string FeeParam = "payment_intent_data[application_fee_amount]";
    private const string DestinationParam = "payment_intent_data[transfer_data][destination]";

    private readonly EmulatorHost _host = fixture.Host;
    private SessionService Sessions => new(_host.Stripe);

    [Fact]
    public async Task Session_with_destination_and_fee_is_open_and_totals_its_lines()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);

        var session = await Sessions.CreateAsync(Scenario.Checkout(account.Id));

        Assert.StartsWith("cs_test_", session.Id);
        Assert.Equal("open", session.Status);
        Assert.Equal("unpaid", session.PaymentStatus);
        Assert.Equal(3500, session.AmountTotal);
        Assert.Equal("usd", session.Currency);
        Assert.Equal("checkout-1", session.Metadata["checkoutId"]);
        Assert.Equal("buyer-1", session.ClientReferenceId);
        Assert.Null(session.PaymentIntentId);
        Assert.StartsWith($"{_host.BaseUrl}/c/pay/{session.Id}", session.Url);
        Assert.True(session.ExpiresAt > DateTime.UtcNow.AddHours(23));
    }

    [Fact]
    public async Task Retrieved_session_expands_its_line_items()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var created = await Sessions.CreateAsync(Scenario.Checkout(account.Id));

        var session = await Sessions.GetAsync(created.Id, new SessionGetOptions { Expand = ["line_items"] });

        Assert.Equal(created.Id, session.Id);
        Assert.Collection(session.LineItems.Data,
            line => Assert.Equal(("Pattern book", 1500L, 1L), (line.Description, line.AmountTotal, line.Quantity ?? 0)),
            line => Assert.Equal(("Brush pack", 2000L, 2L), (line.Description, line.AmountTotal, line.Quantity ?? 0)));
    }

    [Fact]
    public async Task Line_items_of_a_session_are_listed()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var session = await Sessions.CreateAsync(Scenario.Checkout(account.Id));

        var lines = await new SessionLineItemService(_host.Stripe).ListAsync(session.Id);

        Assert.Equal(["Pattern book", "Brush pack"], lines.Data.Select(l => l.Description));
        Assert.Equal(3500, lines.Data.Sum(l => l.AmountTotal));
    }

    [Fact]
    public async Task Replayed_idempotency_key_returns_the_first_response()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var key = new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() };

        var first = await Sessions.CreateAsync(Scenario.Checkout(account.Id), key);
        var replayed = await Sessions.CreateAsync(Scenario.Checkout(account.Id), key);

        Assert.Equal(first.Id, replayed.Id);
        Assert.Equal(first.StripeResponse.Content, replayed.StripeResponse.Content);
        Assert.Equal("true", replayed.StripeResponse.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task Idempotency_key_reused_with_other_parameters_is_an_idempotency_error()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var key = new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() };
        await Sessions.CreateAsync(Scenario.Checkout(account.Id, fee: 300), key);

        var error = await Scenario.RefusedAsync(() => Sessions.CreateAsync(Scenario.Checkout(account.Id, fee: 400), key));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("idempotency_error", error.StripeError.Type);
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_one_api_key()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var key = new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() };
        var first = await Sessions.CreateAsync(Scenario.Checkout(account.Id, fee: 300), key);

        var other = await new SessionService(_host.Client("sk_test_another_platform")).CreateAsync(Scenario.Checkout(account.Id, fee: 400), key);

        Assert.NotEqual(first.Id, other.Id);
    }

    [Fact]
    public async Task Fee_above_the_total_is_refused_naming_the_fee()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);

        var error = await Scenario.RefusedAsync(() => Sessions.CreateAsync(Scenario.Checkout(account.Id, fee: 3501)));

        AssertInvalid(error, FeeParam);
    }

    [Fact]
    public async Task Unknown_destination_is_refused_naming_the_destination()
    {
        var error = await Scenario.RefusedAsync(() => Sessions.CreateAsync(Scenario.Checkout("acct_doesnotexist")));

        AssertInvalid(error, DestinationParam);
        Assert.Equal("resource_missing", error.StripeError.Code);
    }

    [Fact]
    public async Task Destination_that_cannot_take_charges_yet_is_refused_naming_the_destination()
    {
        var account = await new AccountService(_host.Stripe).CreateAsync(Scenario.ExpressAccount());

        var error = await Scenario.RefusedAsync(() => Sessions.CreateAsync(Scenario.Checkout(account.Id)));

        AssertInvalid(error, DestinationParam);
        Assert.Equal("insufficient_capabilities_for_transfer", error.StripeError.Code);
    }

    [Fact]
    public async Task Session_without_line_items_is_refused_naming_line_items()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var options = Scenario.Checkout(account.Id);
        options.LineItems = null;

        var error = await Scenario.RefusedAsync(() => Sessions.CreateAsync(options));

        AssertInvalid(error, "line_items");
        Assert.Equal("parameter_missing", error.StripeError.Code);
    }

    [Fact]
    public async Task Line_item_without_an_amount_is_refused_naming_the_amount()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var options = Scenario.Checkout(account.Id);
        options.LineItems[1].PriceData.UnitAmount = null;

        var error = await Scenario.RefusedAsync(() => Sessions.CreateAsync(options));

        AssertInvalid(error, "line_items[1][price_data][unit_amount]");
        Assert.Equal("parameter_missing", error.StripeError.Code);
    }

    [Fact]
    public async Task Expiring_an_open_session_through_the_api_expires_it_once()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var session = await Sessions.CreateAsync(Scenario.Checkout(account.Id));

        var expired = await Sessions.ExpireAsync(session.Id);
        var again = await Scenario.RefusedAsync(() => Sessions.ExpireAsync(session.Id));

        Assert.Equal("expired", expired.Status);
        Assert.Null(expired.Url);
        Assert.Equal(HttpStatusCode.BadRequest, again.HttpStatusCode);
        Assert.Equal("invalid_request_error", again.StripeError.Type);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_idempotency_key_create_one_session()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var key = new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() };

        var sessions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Sessions.CreateAsync(Scenario.Checkout(account.Id), key)));

        Assert.Single(sessions.Select(s => s.Id).Distinct());
    }

    [Fact]
    public async Task Expiry_outside_30_minutes_to_24_hours_is_refused_naming_expires_at()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var options = Scenario.Checkout(account.Id);
        options.ExpiresAt = DateTime.UtcNow.AddMinutes(5);

        var error = await Scenario.RefusedAsync(() => Sessions.CreateAsync(options));

        AssertInvalid(error, "expires_at");
    }

    [Fact]
    public async Task Unknown_session_is_resource_missing()
    {
        var error = await Scenario.RefusedAsync(() => Sessions.GetAsync("cs_test_doesnotexist"));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
    }

    private static void AssertInvalid(StripeException error, string param)
    {
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal(param, error.StripeError.Param);
    }
}
