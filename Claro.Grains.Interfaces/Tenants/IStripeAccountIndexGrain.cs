using Claro.Platform;

namespace Claro.Tenants;

/// <summary>Stripe connected account id → tenant id, so <c>account.updated</c> finds its tenant without a scan.</summary>
[Alias("claro.stripe-account-index")]
public interface IStripeAccountIndexGrain : IGrainWithStringKey
{
    [Alias("assign"), Allow(Who.Internal)]
    Task AssignAsync(string tenantId);

    [Alias("tenant-id"), Allow(Who.Internal)]
    Task<string?> GetTenantIdAsync();
}
