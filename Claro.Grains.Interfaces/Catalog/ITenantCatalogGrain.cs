using Claro.Platform;

namespace Claro.Catalog;

/// <summary>
/// One tenant's list of its products, in every state, for its admin pages. Keyed by tenant id.
/// Read from the catalog read model, which each product grain writes on every change.
/// </summary>
[Alias("claro.tenant-catalog")]
public interface ITenantCatalogGrain : IGrainWithStringKey
{
    /// <summary>The tenant's products, newest first, paged by an opaque cursor.</summary>
    [Alias("list"), Allow(Who.TenantStaff)]
    Task<ProductList> ListAsync(string? cursor, int limit);
}

/// <summary>A product's line in its tenant's list. <see cref="Version"/> grows with every change.</summary>
[GenerateSerializer, Immutable, Alias("claro.product-summary")]
public sealed record ProductSummary(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Title,
    [property: Id(3)] Money Price,
    [property: Id(4)] string Visibility,
    [property: Id(5)] string Category,
    [property: Id(6)] int FileCount,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] long Version);

[GenerateSerializer, Immutable, Alias("claro.product-list")]
public sealed record ProductList(
    [property: Id(0)] IReadOnlyList<ProductSummary> Items,
    [property: Id(1)] string? NextCursor);
