using Stripe;
using Stripe.Checkout;

namespace Claro.StripeEmulator.Tests;

/// <summary>The steps of Claro's money path, done through Stripe.net.</summary>
public static class Scenario
{
    public static AccountCreateOptions ExpressAccount(string email = "creator@example.com") => new()
    {
        Email = email,
        Country = "US",
        Controller = new AccountControllerOptions
        {
            StripeDashboard = new AccountControllerStripeDashboardOptions { Type = "express" },
            Fees = new AccountControllerFeesOptions { Payer = "application" },
            Losses = new AccountControllerLossesOptions { Payments = "application" },
        },
        Metadata = new Dictionary<string, string> { ["tenantId"] = "tenant-1" },
    };

    public static async Task<Account> OnboardedAccountAsync(EmulatorHost host)
    {
        var account = await new AccountService(host.Stripe).CreateAsync(ExpressAccount());
        await host.ControlAsync($"accounts/{account.Id}/complete_onboarding");
        return account;
    }

    public static SessionCreateOptions Checkout(string destination, long fee = 300, string checkoutId = "checkout-1") => new()
    {
        Mode = "payment",
        LineItems =
        [
            Line("Pattern book", 1500, 1),
            Line("Brush pack", 1000, 2),
        ],
        PaymentIntentData = new SessionPaymentIntentDataOptions
        {
            ApplicationFeeAmount = fee,
            TransferData = new SessionPaymentIntentDataTransferDataOptions { Destination = destination },
            Metadata = new Dictionary<string, string> { ["checkoutId"] = checkoutId },
        },
        Metadata = new Dictionary<string, string> { ["checkoutId"] = checkoutId },
        ClientReferenceId = "buyer-1",
        CustomerEmail = "buyer@example.com",
        SuccessUrl = "http://shop.test/checkout/success?session={CHECKOUT_SESSION_ID}",
        CancelUrl = "http://shop.test/checkout/cancelled",
    };

    public static SessionLineItemOptions Line(string name, long unitAmount, long quantity) => new()
    {
        PriceData = new SessionLineItemPriceDataOptions
        {
            Currency = "usd",
            UnitAmount = unitAmount,
            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = name },
        },
        Quantity = quantity,
    };

    public static async Task<Session> PaidSessionAsync(EmulatorHost host)
    {
        var account = await OnboardedAccountAsync(host);
        var session = await new SessionService(host.Stripe).CreateAsync(Checkout(account.Id));
        await host.ControlAsync($"checkout/sessions/{session.Id}/pay");
        return await new SessionService(host.Stripe).GetAsync(session.Id);
    }

    public static async Task<StripeException> RefusedAsync(Func<Task> call) => await Assert.ThrowsAsync<StripeException>(call);
}
