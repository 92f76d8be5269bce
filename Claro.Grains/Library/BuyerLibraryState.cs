namespace Claro.Library;

/// <summary>
/// Where an earlier Claro kept a library, in Orleans grain storage; moved to
/// <c>library_entitlements</c> when the grain activates.
/// </summary>
[GenerateSerializer, Alias("claro.buyer-library-state")]
public sealed class BuyerLibraryState
{
    /// <summary>Keyed "{orderId}/{productId}": one entitlement per paid order line.</summary>
    [Id(0)] public Dictionary<string, Entitlement> Entitlements { get; set; } = [];
}
