using Claro.Platform;

namespace Claro.Checkout;

public sealed class PaymentIndexGrain(
    [PersistentState(StorageNames.PaymentIndex, StorageNames.Provider)] IPersistentState<PaymentIndexState> index)
    : Grain, IPaymentIndexGrain
{
    public async Task AssignAsync(string checkoutKey)
    {
        if (index.State.CheckoutKey == checkoutKey)
            return;
        index.State.CheckoutKey = checkoutKey;
        await index.WriteStateAsync();
    }

    public Task<string?> GetCheckoutKeyAsync() => Task.FromResult(index.State.CheckoutKey);
}

[GenerateSerializer, Alias("claro.payment-index-state")]
public sealed class PaymentIndexState
{
    [Id(0)] public string? CheckoutKey { get; set; }
}
