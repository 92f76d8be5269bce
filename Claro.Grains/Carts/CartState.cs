namespace Claro.Carts;

/// <summary>
/// A cart as the grain holds it, read from <c>carts</c> and <c>cart_lines</c>; stored in Orleans
/// grain storage only by an earlier Claro, and moved to the tables from there.
/// </summary>
[GenerateSerializer, Alias("claro.cart-state")]
public sealed class CartState
{
    /// <summary>Product id → quantity, in the order lines were added.</summary>
    [Id(0)] public List<CartLine> Lines { get; set; } = [];

    /// <summary>Counts line changes; each line keeps the revision that last set it.</summary>
    [Id(1)] public long Revision { get; set; }
}

[GenerateSerializer, Alias("claro.buyer-carts-state")]
public sealed class BuyerCartsState
{
    [Id(0)] public SortedSet<string> TenantIds { get; set; } = new(StringComparer.Ordinal);
}
