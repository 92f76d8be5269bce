using System.Globalization;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Discovery;
using Claro.Platform;

namespace Claro.Library;

public sealed class BuyerLibraryGrain(
    [PersistentState(StorageNames.BuyerLibrary, StorageNames.Provider)] IPersistentState<BuyerLibraryState> library,
    ClaroSettings settings,
    ProductDeliveries deliveries)
    : Grain, IBuyerLibraryGrain
{
    private readonly CatalogCursor _cursors = new(settings);

    /// <summary>
    /// Keys assigned per order line, kept while active: fulfilment assigns them before it grants
    /// access, so by the time a buyer can ask they never change.
    /// </summary>
    private readonly Dictionary<string, IReadOnlyList<string>> assignedKeys = [];

    public async Task GrantAsync(IReadOnlyList<Entitlement> entitlements)
    {
        var changed = false;
        foreach (var entitlement in entitlements)
            changed |= library.State.Entitlements.TryAdd(entitlement.OrderId + "/" + entitlement.ProductId, entitlement with { State = EntitlementState.Live });
        if (changed)
            await library.WriteStateAsync();
    }

    public async Task SetOrderAccessAsync(string orderId, EntitlementState state)
    {
        var changed = false;
        foreach (var (key, entitlement) in library.State.Entitlements.Where(e => e.Value.OrderId == orderId).ToList())
        {
            if (entitlement.State == state || entitlement.State == EntitlementState.Revoked)
                continue;
            library.State.Entitlements[key] = entitlement with { State = state };
            changed = true;
        }
        if (changed)
            await library.WriteStateAsync();
    }

    /// <summary>Newest grant first, then by order and product, so a cursor names one place in a total order.</summary>
    public Task<LibraryPage> ListAsync(string? cursor, int limit)
    {
        Paging.Check(limit);
        var fingerprint = CatalogCursor.Fingerprint("library.newest", this.GetPrimaryKeyString());
        var live = library.State.Entitlements
            .Where(e => e.Value.State == EntitlementState.Live)
            .OrderByDescending(e => e.Value.GrantedAt.UtcTicks).ThenBy(e => e.Key, StringComparer.Ordinal)
            .AsEnumerable();
        if (cursor is not null)
        {
            var after = _cursors.Decode(cursor, fingerprint);
            if (!long.TryParse(after.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                throw new ValidationException("cursor", "Not a cursor this list gave out.");
            live = live.Where(e => e.Value.GrantedAt.UtcTicks < ticks
                || (e.Value.GrantedAt.UtcTicks == ticks && string.CompareOrdinal(e.Key, after.ProductId) > 0));
        }
        var page = live.Take(limit + 1).ToList();
        var next = page.Count > limit
            ? _cursors.Encode(fingerprint, new CatalogCursor.Position(
                page[limit - 1].Value.GrantedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), page[limit - 1].Key))
            : null;
        return Task.FromResult(new LibraryPage(page.Take(limit).Select(e => e.Value).ToList(), next));
    }

    public async Task<LibraryItem> GetItemAsync(string productId)
    {
        var entitlement = await RequireLiveAsync(productId);
        var product = TenantKey.For(entitlement.TenantId, productId);
        var delivery = await deliveries.GetAsync(GrainFactory, product);
        var stock = GrainFactory.GetGrain<IStockGrain>(product);
        var keys = new List<string>();
        foreach (var owned in library.State.Entitlements.Values.Where(e => e.ProductId == productId && e.State == EntitlementState.Live))
        {
            var orderLine = CheckoutSessionGrain.OrderLineId(owned.OrderId, productId);
            if (!assignedKeys.TryGetValue(orderLine, out var assigned))
                assignedKeys[orderLine] = assigned = await stock.GetAssignedAsync(orderLine);
            keys.AddRange(assigned);
        }
        return new LibraryItem(productId, entitlement.TenantId, delivery.Title, PaidContent.ToSafeHtml(delivery.ContentMarkdown), keys, delivery.Files);
    }

    public Task<Entitlement> RequireLiveAsync(string productId) =>
        library.State.Entitlements.Values.FirstOrDefault(e => e.ProductId == productId && e.State == EntitlementState.Live) is { } live
            ? Task.FromResult(live)
            : throw new NotFoundException();
}
