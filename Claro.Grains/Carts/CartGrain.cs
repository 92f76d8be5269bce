using Claro.Catalog;
using Claro.Checkout;
using Claro.Tenants;
using Claro.Platform;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Claro.Carts;

public sealed class CartGrain(
    [FromKeyedServices(StorageNames.Provider)] IGrainStorage grainStorage,
    NpgsqlDataSource database,
    TimeProvider clock) : Grain, ICartGrain
{
    private string BuyerId => TenantKey.TenantOf(this.GetPrimaryKeyString());
    private string TenantId => CartKey.TenantOf(this.GetPrimaryKeyString());

    /// <summary>The rows of <c>carts</c> and <c>cart_lines</c>, read on the first call that needs them, and again after <see cref="InvalidateAsync"/>.</summary>
    private CartState? _cart;

    private readonly EarlierStorage<CartState> _earlier = new(grainStorage, StorageNames.Cart);

    private async Task<CartState> LoadAsync()
    {
        if (_cart is not null)
            return _cart;
        // A cart written before the cart tables existed moves there.
        await _earlier.MoveOnceAsync(this.GetGrainId(), earlier => database.ExecuteAloneAsync(CartLines.Import(BuyerId, TenantId, earlier)));
        return _cart = await CartLines.ReadAsync(database, BuyerId, TenantId);
    }

    public Task InvalidateAsync()
    {
        _cart = null;
        return Task.CompletedTask;
    }

    public async Task<CartView> SetLineAsync(string productId, int quantity)
    {
        if (quantity is < CartRules.MinQuantity or > CartRules.MaxQuantity)
            throw new ValidationException("quantity", $"From {CartRules.MinQuantity} to {CartRules.MaxQuantity}.");
        // Only a product this tenant sells today can go in; anything else is the same 404 as a missing one.
        await Product(productId).GetOfferAsync();

        var cart = await LoadAsync();
        var index = cart.Lines.FindIndex(line => line.ProductId == productId);
        if (index < 0 && cart.Lines.Count >= CartRules.MaxLines)
            throw new ConflictException("cart_full", $"A cart holds at most {CartRules.MaxLines} products.");
        var wasEmpty = cart.Lines.Count == 0;
        cart.Revision = await CartLines.SetAsync(database, BuyerId, TenantId, productId, quantity);
        var line = new CartLine(productId, quantity, cart.Revision);
        if (index < 0)
            cart.Lines.Add(line);
        else
            cart.Lines[index] = line;
        if (wasEmpty)
            await GrainFactory.GetGrain<IBuyerCartsGrain>(BuyerId).TrackAsync(TenantId, hasLines: true);
        return await GetAsync();
    }

    public async Task<CartView> RemoveLineAsync(string productId)
    {
        var cart = await LoadAsync();
        if (cart.Lines.Exists(line => line.ProductId == productId))
        {
            await CartLines.RemoveAsync(database, BuyerId, TenantId, productId);
            cart.Lines.RemoveAll(line => line.ProductId == productId);
            if (cart.Lines.Count == 0)
                await GrainFactory.GetGrain<IBuyerCartsGrain>(BuyerId).TrackAsync(TenantId, hasLines: false);
        }
        return await GetAsync();
    }

    public async Task<CartView> GetAsync()
    {
        var lines = await Task.WhenAll((await LoadAsync()).Lines.Select(PriceAsync));
        var totals = lines.Where(line => line.LineTotal is not null)
            .GroupBy(line => line.LineTotal!.Value.Currency)
            .Select(group => new Money(group.Sum(line => line.LineTotal!.Value.Amount), group.Key))
            .ToList();
        return new CartView(TenantId, lines, totals);
    }

    public async Task<IReadOnlyList<CartLine>> GetLinesAsync() => (await LoadAsync()).Lines.ToList();

    public async Task<CheckoutView> CheckoutAsync(IReadOnlyDictionary<string, Money> seenPrices)
    {
        var cart = await LoadAsync();
        if (cart.Lines.Count == 0)
            throw new ConflictException("cart_empty", "The cart is empty.");
        var terms = await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetPaymentTermsAsync();

        var priced = new List<PricedLine>();
        var conflicts = new List<LineConflict>();
        foreach (var line in cart.Lines)
        {
            ProductOffer offer;
            try
            {
                offer = await Product(line.ProductId).GetOfferAsync();
            }
            catch (NotFoundException)
            {
                conflicts.Add(new LineConflict(line.ProductId, "unavailable", "This product is no longer for sale."));
                continue;
            }
            if (seenPrices.TryGetValue(line.ProductId, out var seen) && seen != offer.Price)
                conflicts.Add(new LineConflict(line.ProductId, "price_changed", $"The price is now {offer.Price.Amount} {offer.Price.Currency}."));
            priced.Add(new PricedLine(line.ProductId, offer.Title, line.Quantity, offer.Price));
        }
        if (conflicts.Count > 0)
        {
            var reasons = conflicts.Select(c => c.Reason).Distinct().ToList();
            throw new ConflictException(reasons.Count == 1 ? reasons[0] : "cart_changed", "Some lines changed since the cart was shown.", conflicts);
        }
        if (priced.Select(line => line.UnitPrice.Currency).Distinct().Count() > 1)
            throw new ConflictException("mixed_currencies", "One checkout takes one currency; check out the other products separately.");

        var subtotal = priced[0].UnitPrice with { Amount = priced.Sum(line => line.Total.Amount) };
        var checkoutId = "co_" + Guid.NewGuid().ToString("N");
        var expiresAt = clock.GetUtcNow() + CheckoutRules.SessionLifetime;
        var keyed = await ReserveKeysAsync(checkoutId, priced, expiresAt);
        return await GrainFactory.GetGrain<ICheckoutSessionGrain>(CheckoutKey.For(BuyerId, checkoutId)).OpenAsync(new OpenCheckout(
            TenantId, terms.StripeAccountId, priced, subtotal, PlatformFee.Of(subtotal, terms.FeeRateBps), terms.FeeRateBps, expiresAt,
            cart.Revision, keyed));
    }

    /// <summary>
    /// Holds the license keys every line needs for the session's lifetime, or none at all (409
    /// out_of_stock); answers the products that sell with keys.
    /// </summary>
    private async Task<List<string>> ReserveKeysAsync(string checkoutId, List<PricedLine> lines, DateTimeOffset expiresAt)
    {
        var shortages = new List<LineConflict>();
        var keyed = new List<string>();
        foreach (var line in lines)
        {
            var reservation = await Stock(line.ProductId).ReserveAsync(checkoutId, line.Quantity, expiresAt);
            if (reservation == Reservation.OutOfStock)
                shortages.Add(new LineConflict(line.ProductId, "out_of_stock", "Not enough license keys left."));
            else if (reservation == Reservation.Reserved)
                keyed.Add(line.ProductId);
        }
        if (shortages.Count == 0)
            return keyed;
        foreach (var line in lines)
            await Stock(line.ProductId).ReleaseAsync(checkoutId);
        throw new ConflictException("out_of_stock", "Some products are sold out.", shortages);
    }

    private IStockGrain Stock(string productId) => GrainFactory.GetGrain<IStockGrain>(TenantKey.For(TenantId, productId));

    private async Task<CartViewLine> PriceAsync(CartLine line)
    {
        try
        {
            var offer = await Product(line.ProductId).GetOfferAsync();
            return new CartViewLine(line.ProductId, line.Quantity, true, offer.Title, offer.Price,
                offer.Price with { Amount = offer.Price.Amount * line.Quantity });
        }
        catch (NotFoundException)
        {
            return new CartViewLine(line.ProductId, line.Quantity, false, null, null, null);
        }
    }

    private IProductGrain Product(string productId) =>
        GrainFactory.GetGrain<IProductGrain>(TenantKey.For(TenantId, productId));
}
