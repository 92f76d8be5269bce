using Claro.Catalog;
using Claro.Checkout;
using Claro.Platform;

namespace Claro.Carts;

/// <summary>
/// One buyer's cart at one creator, keyed <c>{buyerId}/{tenantId}</c>. It holds product ids and
/// quantities only: prices come from the product grains each time the cart is read.
/// </summary>
[Alias("claro.cart")]
public interface ICartGrain : IGrainWithStringKey
{
    /// <summary>Sets a line's quantity (1-10); <see cref="NotFoundException"/> for a product this creator does not sell.</summary>
    [Alias("set-line"), Allow(Who.Self)]
    Task<CartView> SetLineAsync(string productId, int quantity);

    [Alias("remove-line"), Allow(Who.Self)]
    Task<CartView> RemoveLineAsync(string productId);

    /// <summary>The lines with today's titles and prices; a line no longer for sale is marked unavailable.</summary>
    [Alias("get"), Allow(Who.Self)]
    Task<CartView> GetAsync();

    /// <summary>The product ids and quantities as stored, for checkout to price on its own.</summary>
    [Alias("get-lines"), Allow(Who.Self, Who.Internal)]
    Task<IReadOnlyList<CartLine>> GetLinesAsync();

    /// <summary>
    /// Prices every line again from the product grains, refuses with a per-line reason when
    /// something changed since the buyer looked (<paramref name="seenPrices"/>: what their page
    /// showed; never used as a price), and opens a checkout session for the lines as priced now.
    /// </summary>
    [Alias("checkout"), Allow(Who.Self)]
    Task<CheckoutView> CheckoutAsync(IReadOnlyDictionary<string, Money> seenPrices);

    /// <summary>Forgets the lines it read: a paid checkout has just taken its lines out, so the next call reads them again.</summary>
    [Alias("invalidate"), Allow(Who.Internal)]
    Task InvalidateAsync();
}

public static class CartKey
{
    public static string For(string buyerId, string tenantId) => buyerId + TenantKey.Separator + tenantId;

    public static string TenantOf(string cartKey) => TenantKey.IdOf(cartKey);
}

[GenerateSerializer, Immutable, Alias("claro.cart-line")]
public sealed record CartLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] long Revision = 0);

[GenerateSerializer, Immutable, Alias("claro.cart-view-line")]
public sealed record CartViewLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] bool Available,
    [property: Id(3)] string? Title,
    [property: Id(4)] Money? UnitPrice,
    [property: Id(5)] Money? LineTotal);

[GenerateSerializer, Immutable, Alias("claro.cart-view")]
public sealed record CartView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] IReadOnlyList<CartViewLine> Lines,
    [property: Id(2)] IReadOnlyList<Money> Totals)
{
    /// <summary>The cart's total when its lines share one currency (one total per currency is in <see cref="Totals"/>); null when empty or mixed.</summary>
    public Money? Total => Totals.Count == 1 ? Totals[0] : null;
}

public static class CartRules
{
    public const int MinQuantity = 1;
    public const int MaxQuantity = 10;
    public const int MaxLines = 50;
}
