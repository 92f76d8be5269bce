namespace Claro.Library;

[GenerateSerializer, Alias("claro.buyer-library-state")]
public sealed class BuyerLibraryState
{
    /// <summary>Keyed "{orderId}/{productId}": one entitlement per paid order line.</summary>
    [Id(0)] public Dictionary<string, Entitlement> Entitlements { get; set; } = [];
}
