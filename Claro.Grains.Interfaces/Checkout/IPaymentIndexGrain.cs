using Claro.Platform;

namespace Claro.Checkout;

/// <summary>Stripe payment intent id → checkout-session grain key, so refunds and disputes find their checkout.</summary>
[Alias("claro.payment-index")]
public interface IPaymentIndexGrain : IGrainWithStringKey
{
    [Alias("assign"), Allow(Who.Internal)]
    Task AssignAsync(string checkoutKey);

    [Alias("checkout-key"), Allow(Who.Internal)]
    Task<string?> GetCheckoutKeyAsync();
}
