using Claro.Catalog;
using Claro.Checkout;
using Claro.Platform;

namespace Claro.Library;

public sealed class BuyerLibraryGrain(
    [PersistentState(StorageNames.BuyerLibrary, StorageNames.Provider)] IPersistentState<BuyerLibraryState> library)
    : Grain, IBuyerLibraryGrain
{
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

    public Task<IReadOnlyList<Entitlement>> ListAsync() =>
        Task.FromResult<IReadOnlyList<Entitlement>>(library.State.Entitlements.Values
            .Where(e => e.State == EntitlementState.Live)
            .OrderByDescending(e => e.GrantedAt).ThenBy(e => e.ProductId, StringComparer.Ordinal)
            .ToList());

    public async Task<LibraryItem> GetItemAsync(string productId)
    {
        var entitlement = await RequireLiveAsync(productId);
        var product = TenantKey.For(entitlement.TenantId, productId);
        var delivery = await GrainFactory.GetGrain<IProductGrain>(product).GetDeliveryAsync();
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
