using Claro.Platform;

namespace Claro.Library;

/// <summary>
/// What a buyer owns, keyed by buyer id. The purchase check asks this grain: paid content ships
/// only while an entitlement here is live.
/// </summary>
[Alias("claro.buyer-library")]
public interface IBuyerLibraryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Forgets the entitlements it read: the checkout session has just changed them (a grant, a
    /// refund, a dispute) in the transaction of its transition, so the next call reads them again.
    /// </summary>
    [Alias("invalidate"), Allow(Who.Internal)]
    Task InvalidateAsync();

    /// <summary>
    /// Moves a library an earlier Claro kept in Orleans grain storage into <c>library_entitlements</c>,
    /// if that has not happened yet: for readers of those rows that do not go through this grain.
    /// </summary>
    [Alias("take-over"), Allow(Who.Internal)]
    Task TakeOverEarlierStorageAsync();

    /// <summary>Live entitlements, newest first, <paramref name="limit"/> (1-100) at a time after a cursor this list gave out.</summary>
    [Alias("list"), Allow(Who.Self)]
    Task<LibraryPage> ListAsync(string? cursor, int limit);

    /// <summary>
    /// The paid content of a product the buyer owns: content as sanitised HTML, their license
    /// keys, the files. <see cref="NotFoundException"/> without a live entitlement.
    /// </summary>
    [Alias("get-item"), Allow(Who.Self)]
    Task<LibraryItem> GetItemAsync(string productId);

    /// <summary>The live entitlement to a product, or <see cref="NotFoundException"/>: the same answer as for a product that does not exist.</summary>
    [Alias("require"), Allow(Who.Self, Who.Internal)]
    Task<Entitlement> RequireLiveAsync(string productId);
}

[GenerateSerializer, Immutable, Alias("claro.library-page")]
public sealed record LibraryPage(
    [property: Id(0)] IReadOnlyList<Entitlement> Items,
    [property: Id(1)] string? NextCursor);

[GenerateSerializer, Immutable, Alias("claro.library-item")]
public sealed record LibraryItem(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Title,
    [property: Id(3)] string ContentHtml,
    [property: Id(4)] IReadOnlyList<string> LicenseKeys,
    [property: Id(5)] IReadOnlyList<Catalog.ProductFile> Files);

public enum EntitlementState
{
    Live,
    Suspended,
    Revoked,
}

[GenerateSerializer, Immutable, Alias("claro.entitlement")]
public sealed record Entitlement(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string ProductId,
    [property: Id(3)] string Title,
    [property: Id(4)] int Quantity,
    [property: Id(5)] DateTimeOffset GrantedAt,
    [property: Id(6)] EntitlementState State);
