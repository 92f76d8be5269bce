using System.Net;
using Stripe.Checkout;

namespace Claro.StripeEmulator.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class HostedPageTests(EmulatorFixture fixture)
{
    private readonly EmulatorHost _host = fixture.Host;

    [Fact]
    public async Task Checkout_page_shows_the_lines_and_total_and_paying_returns_to_the_success_url()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var session = await new SessionService(_host.Stripe).CreateAsync(Scenario.Checkout(account.Id));

        var page = await _host.Http.GetStringAsync(session.Url);
        using var paid = await _host.Http.PostAsync($"/c/pay/{session.Id}/pay", null);

        Assert.Contains("Pattern book", page);
        Assert.Contains("Brush pack", page);
        Assert.Contains("35.00 USD", page);
        Assert.Contains("id=\"pay\"", page);
        Assert.Contains("id=\"decline\"", page);
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"http://shop.test/checkout/success?session={session.Id}", paid.Headers.Location?.ToString());
        Assert.Equal("paid", (await new SessionService(_host.Stripe).GetAsync(session.Id)).PaymentStatus);
    }

    [Fact]
    public async Task Declining_returns_to_the_cancel_url_and_leaves_the_session_open()
    {
        var account = await Scenario.OnboardedAccountAsync(_host);
        var session = await new SessionService(_host.Stripe).CreateAsync(Scenario.Checkout(account.Id));

        using var declined = await _host.Http.PostAsync($"/c/pay/{session.Id}/decline", null);

        Assert.Equal(HttpStatusCode.SeeOther, declined.StatusCode);
        Assert.Equal("http://shop.test/checkout/cancelled", declined.Headers.Location?.ToString());
        Assert.Equal("open", (await new SessionService(_host.Stripe).GetAsync(session.Id)).Status);
    }

    [Fact]
    public async Task Checkout_page_of_a_paid_session_says_so_instead_of_offering_to_pay()
    {
        var session = await Scenario.PaidSessionAsync(_host);

        var page = await _host.Http.GetStringAsync($"/c/pay/{session.Id}");

        Assert.Contains("complete", page);
        Assert.DoesNotContain("id=\"pay\"", page);
    }
}
