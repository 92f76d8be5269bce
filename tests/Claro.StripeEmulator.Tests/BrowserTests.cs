using Stripe;
using Stripe.Checkout;
using File = System.IO.File;

namespace Claro.StripeEmulator.Tests;

public sealed class BrowserTests
{
    /// <summary>Where screenshots go; <c>tools/emulator-screenshot.sh</c> sets it.</summary>
    private static readonly string ScreenshotDirectory =
        Environment.GetEnvironmentVariable("CLARO_EMULATOR_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Browser_clicks_through_onboarding_and_checkout()
    {
        await using var host = await EmulatorHost.StartAsync();
        await using var browser = await Chromium.LaunchAsync();
        Directory.CreateDirectory(ScreenshotDirectory);

        var account = await new AccountService(host.Stripe).CreateAsync(Scenario.ExpressAccount());
        var link = await new AccountLinkService(host.Stripe).CreateAsync(new AccountLinkCreateOptions
        {
            Account = account.Id,
            Type = "account_onboarding",
            RefreshUrl = $"{host.BaseUrl}/setup/done",
            ReturnUrl = $"{host.BaseUrl}/setup/done",
        });
        await browser.NavigateAsync(link.Url);
        await File.WriteAllBytesAsync(Path.Combine(ScreenshotDirectory, "onboarding.png"), await browser.ScreenshotAsync());
        await browser.ClickAsync("#complete", href => href == $"{host.BaseUrl}/setup/done");

        Assert.True((await new AccountService(host.Stripe).GetAsync(account.Id)).ChargesEnabled);

        var options = Scenario.Checkout(account.Id);
        options.SuccessUrl = $"{host.BaseUrl}/c/pay/{{CHECKOUT_SESSION_ID}}?from=success";
        var session = await new SessionService(host.Stripe).CreateAsync(options);
        await browser.NavigateAsync(session.Url);
        await File.WriteAllBytesAsync(Path.Combine(ScreenshotDirectory, "checkout.png"), await browser.ScreenshotAsync());
        Assert.Contains("35.00 USD", await browser.EvaluateAsync("document.getElementById('total').textContent"));
        await browser.ClickAsync("#pay", href => href == $"{host.BaseUrl}/c/pay/{session.Id}?from=success");
        await File.WriteAllBytesAsync(Path.Combine(ScreenshotDirectory, "checkout-paid.png"), await browser.ScreenshotAsync());

        Assert.Equal("paid", (await new SessionService(host.Stripe).GetAsync(session.Id)).PaymentStatus);
        Assert.Contains("complete", await browser.EvaluateAsync("document.getElementById('status').textContent"));
    }
}
