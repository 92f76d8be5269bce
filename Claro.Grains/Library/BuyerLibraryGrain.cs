using System.Globalization;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Discovery;
using Claro.Platform;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Claro.Library;

public sealed class BuyerLibraryGrain(
    [FromKeyedServices(StorageNames.Provider)] IGrainStorage grainStorage,
    NpgsqlDataSource database,
    ClaroSettings settings,
    ProductDeliveries deliveries)
    : Grain, IBuyerLibraryGrain
{
    private readonly CatalogCursor _cursors = new(settings);

    /// <summary>
    /// Keyed "{orderId}/{productId}": one entitlement per paid order line, as stored; read on the
    /// first call that needs it, and again after <see cref="InvalidateAsync"/>.
    /// </summary>
    private Dictionary<string, StoredEntitlement>? _entitlements;

    /// <summary>
    /// Keys assigned per order line, kept once the line has all of them: the entitlement row is
    /// written before fulfilment assigns the keys, so a buyer asking in between sees fewer.
    /// </summary>
    private readonly Dictionary<string, IReadOnlyList<string>> _assignedKeys = [];

    private readonly EarlierStorage<BuyerLibraryState> _earlier = new(grainStorage, StorageNames.BuyerLibrary);

    private string BuyerId => this.GetPrimaryKeyString();

    private async Task<Dictionary<string, StoredEntitlement>> EntitlementsAsync()
    {
        if (_entitlements is not null)
            return _entitlements;
        await TakeOverEarlierStorageAsync();
        return _entitlements = (await LibraryEntitlements.ReadAsync(database, BuyerId))
            .ToDictionary(row => row.Entitlement.OrderId + "/" + row.Entitlement.ProductId, StringComparer.Ordinal);
    }

    /// <summary>A library written before library_entitlements existed moves there, once per activation.</summary>
    public Task TakeOverEarlierStorageAsync() =>
        _earlier.MoveOnceAsync(this.GetGrainId(), earlier => database.ExecuteAloneAsync(LibraryEntitlements.Grant(BuyerId,
            earlier.Entitlements.Values.Select(e => new StoredEntitlement(e, Keyed: true)).ToList())));

    public Task InvalidateAsync()
    {
        _entitlements = null;
        return Task.CompletedTask;
    }

    /// <summary>Newest grant first, then by order and product, so a cursor names one place in a total order.</summary>
    public async Task<LibraryPage> ListAsync(string? cursor, int limit)
    {
        Paging.Check(limit);
        var fingerprint = CatalogCursor.Fingerprint("library.newest", BuyerId);
        var live = (await EntitlementsAsync())
            .Where(e => e.Value.Entitlement.State == EntitlementState.Live)
            .OrderByDescending(e => e.Value.Entitlement.GrantedAt.UtcTicks).ThenBy(e => e.Key, StringComparer.Ordinal)
            .AsEnumerable();
        if (cursor is not null)
        {
            var after = _cursors.Decode(cursor, fingerprint);
            if (!long.TryParse(after.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                throw new ValidationException("cursor", "Not a cursor this list gave out.");
            live = live.Where(e => e.Value.Entitlement.GrantedAt.UtcTicks < ticks
                || (e.Value.Entitlement.GrantedAt.UtcTicks == ticks && string.CompareOrdinal(e.Key, after.ProductId) > 0));
        }
        var page = live.Take(limit + 1).ToList();
        var next = page.Count > limit
            ? _cursors.Encode(fingerprint, new CatalogCursor.Position(
                page[limit - 1].Value.Entitlement.GrantedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), page[limit - 1].Key))
            : null;
        return new LibraryPage(page.Take(limit).Select(e => e.Value.Entitlement).ToList(), next);
    }

    public async Task<LibraryItem> GetItemAsync(string productId)
    {
        var entitlement = await RequireLiveAsync(productId);
        var product = TenantKey.For(entitlement.TenantId, productId);
        var delivery = await deliveries.GetAsync(GrainFactory, product);
        var keys = new List<string>();
        foreach (var owned in (await EntitlementsAsync()).Values.Where(e => e.Keyed && e.Entitlement.ProductId == productId && e.Entitlement.State == EntitlementState.Live))
            keys.AddRange(await AssignedKeysAsync(product, owned.Entitlement));
        return new LibraryItem(productId, entitlement.TenantId, delivery.Title, PaidContent.ToSafeHtml(delivery.ContentMarkdown), keys, delivery.Files);
    }

    private async Task<IReadOnlyList<string>> AssignedKeysAsync(string productKey, Entitlement owned)
    {
        var orderLine = CheckoutSessionGrain.OrderLineId(owned.OrderId, owned.ProductId);
        if (_assignedKeys.TryGetValue(orderLine, out var kept))
            return kept;
        var assigned = await GrainFactory.GetGrain<IStockGrain>(productKey).GetAssignedAsync(orderLine);
        if (assigned.Count >= owned.Quantity)
            _assignedKeys[orderLine] = assigned;
        return assigned;
    }

    public async Task<Entitlement> RequireLiveAsync(string productId)
    {
        return (await EntitlementsAsync()).Values.FirstOrDefault(e => e.Entitlement.ProductId == productId && e.Entitlement.State == EntitlementState.Live) is { } live
            ? live.Entitlement
            : throw new NotFoundException();
    }
}
