using System.Net;
using Stripe;

namespace Claro.StripeEmulator.Tests;

[Collection(EmulatorCollection.Name)]
public sealed class AccountTests(EmulatorFixture fixture)
{
    private readonly EmulatorHost _host = fixture.Host;

    [Fact]
    public async Task Account_created_with_controller_properties_cannot_take_charges_until_onboarded()
    {
        var account = await new AccountService(_host.Stripe).CreateAsync(Scenario.ExpressAccount());

        Assert.StartsWith("acct_", account.Id);
        Assert.Equal("express", account.Type);
        Assert.Equal("express", account.Controller.StripeDashboard.Type);
        Assert.Equal("application", account.Controller.Fees.Payer);
        Assert.Equal("application", account.Controller.Losses.Payments);
        Assert.False(account.ChargesEnabled);
        Assert.False(account.PayoutsEnabled);
        Assert.NotEmpty(account.Requirements.CurrentlyDue);
        Assert.Equal("tenant-1", account.Metadata["tenantId"]);
    }

    [Fact]
    public async Task Legacy_express_type_is_accepted()
    {
        var account = await new AccountService(_host.Stripe).CreateAsync(new AccountCreateOptions { Type = "express" });

        Assert.Equal("express", account.Type);
        Assert.False(account.ChargesEnabled);
    }

    [Fact]
    public async Task Hosted_onboarding_page_completes_the_account_and_returns_to_the_platform()
    {
        var account = await new AccountService(_host.Stripe).CreateAsync(Scenario.ExpressAccount());
        var link = await new AccountLinkService(_host.Stripe).CreateAsync(new AccountLinkCreateOptions
        {
            Account = account.Id,
            Type = "account_onboarding",
            RefreshUrl = "http://shop.test/onboarding/refresh",
            ReturnUrl = "http://shop.test/onboarding/return",
        });
        Assert.StartsWith(_host.BaseUrl, link.Url);

        var page = await _host.Http.GetStringAsync(link.Url);
        Assert.Contains(account.Id, page);
        Assert.Contains("Complete onboarding", page);

        using var submitted = await _host.Http.PostAsync(link.Url, null);
        Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        Assert.Equal("http://shop.test/onboarding/return", submitted.Headers.Location?.ToString());

        var onboarded = await new AccountService(_host.Stripe).GetAsync(account.Id);
        Assert.True(onboarded.ChargesEnabled);
        Assert.True(onboarded.PayoutsEnabled);
        Assert.True(onboarded.DetailsSubmitted);
        Assert.Empty(onboarded.Requirements.CurrentlyDue);
    }

    [Fact]
    public async Task Unknown_account_is_resource_missing()
    {
        var error = await Scenario.RefusedAsync(() => new AccountService(_host.Stripe).GetAsync("acct_doesnotexist"));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal("resource_missing", error.StripeError.Code);
    }

    [Fact]
    public async Task Account_link_for_an_unknown_account_names_the_account_param()
    {
        var error = await Scenario.RefusedAsync(() => new AccountLinkService(_host.Stripe).CreateAsync(new AccountLinkCreateOptions
        {
            Account = "acct_doesnotexist",
            Type = "account_onboarding",
            ReturnUrl = "http://shop.test/return",
            RefreshUrl = "http://shop.test/refresh",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("account", error.StripeError.Param);
    }

    [Theory]
    [InlineData("sk_live_realkeysdonotbelonghere")]
    [InlineData("pk_test_publishablekey")]
    [InlineData("not-a-key")]
    public async Task A_key_that_is_not_a_test_secret_key_is_an_authentication_error(string apiKey)
    {
        var error = await Scenario.RefusedAsync(() => new AccountService(_host.Client(apiKey)).CreateAsync(new AccountCreateOptions { Type = "express" }));

        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.Equal("authentication_error", error.StripeError.Type);
    }

    [Fact]
    public async Task A_request_without_a_key_is_an_authentication_error()
    {
        using var response = await _host.Http.GetAsync("/v1/accounts/acct_any");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"authentication_error\"", await response.Content.ReadAsStringAsync());
    }
}
