using Claro.Platform;

namespace Claro.Tenants;

public sealed class StripeAccountIndexGrain(
    [PersistentState(StorageNames.StripeAccountIndex, StorageNames.Provider)] IPersistentState<StripeAccountIndexState> index)
    : Grain, IStripeAccountIndexGrain
{
    public async Task AssignAsync(string tenantId)
    {
        if (index.State.TenantId == tenantId)
            return;
        if (index.State.TenantId is not null)
            throw new ConflictException("stripe_account_taken", "This Stripe account belongs to another tenant.");
        index.State.TenantId = tenantId;
        await index.WriteStateAsync();
    }

    public Task<string?> GetTenantIdAsync() => Task.FromResult(index.State.TenantId);
}

[GenerateSerializer, Alias("claro.stripe-account-index-state")]
public sealed class StripeAccountIndexState
{
    [Id(0)] public string? TenantId { get; set; }
}
