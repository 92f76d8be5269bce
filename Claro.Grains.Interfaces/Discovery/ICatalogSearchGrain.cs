using Claro.Catalog;
using Claro.Platform;

namespace Claro.Discovery;

/// <summary>
/// Marketplace and storefront discovery over the <c>catalog</c> read model: a stateless reader,
/// one key (<see cref="Key"/>) for the whole platform.
/// </summary>
[Alias("claro.catalog-search")]
public interface ICatalogSearchGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>
    /// One page of products matching the query, ordered by its sort. Every parameter arrives as the
    /// client wrote it and is validated here (400 naming the field).
    /// </summary>
    [Alias("search"), Allow(Who.Anyone)]
    Task<CatalogPage> SearchAsync(CatalogQuery query);

    /// <summary>Every category with the number of public products in it.</summary>
    [Alias("categories"), Allow(Who.Anyone)]
    Task<IReadOnlyList<CategoryCount>> GetCategoriesAsync();
}

/// <summary>
/// A discovery query as the client sent it. <see cref="StorefrontTenantId"/> set means one
/// storefront's listing (public and private products); null means the marketplace (public only).
/// </summary>
[GenerateSerializer, Immutable, Alias("claro.catalog-query")]
public sealed record CatalogQuery(
    [property: Id(0)] string? StorefrontTenantId,
    [property: Id(1)] string? Q,
    [property: Id(2)] string? Category,
    [property: Id(3)] string? Tags,
    [property: Id(4)] string? MinPrice,
    [property: Id(5)] string? MaxPrice,
    [property: Id(6)] string? Tenant,
    [property: Id(7)] string? Sort,
    [property: Id(8)] string? Cursor,
    [property: Id(9)] string? Limit);

/// <summary>The sorts discovery offers.</summary>
public static class CatalogSorts
{
    public const string Relevance = "relevance";
    public const string Newest = "newest";
    public const string PriceAsc = "price_asc";
    public const string PriceDesc = "price_desc";
    public const string Trending = "trending";
    public const string Bestseller = "bestseller";
    public const string Rating = "rating";

    public static readonly IReadOnlyList<string> All = [Relevance, Newest, PriceAsc, PriceDesc, Trending, Bestseller, Rating];
}

[GenerateSerializer, Immutable, Alias("claro.catalog-page")]
public sealed record CatalogPage(
    [property: Id(0)] IReadOnlyList<CatalogItem> Items,
    [property: Id(1)] string? NextCursor);

/// <summary>A product as discovery lists it: what a shopper sees on a card, never the paid content.</summary>
[GenerateSerializer, Immutable, Alias("claro.catalog-item")]
public sealed record CatalogItem(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Title,
    [property: Id(3)] Money Price,
    [property: Id(4)] string Category,
    [property: Id(5)] IReadOnlyList<string> Tags,
    [property: Id(6)] CatalogCreator Creator,
    [property: Id(7)] string Visibility,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] long SalesCount,
    [property: Id(10)] CatalogRating Rating);

[GenerateSerializer, Immutable, Alias("claro.catalog-creator")]
public sealed record CatalogCreator(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Slug);

/// <summary>The average is null until the first review.</summary>
[GenerateSerializer, Immutable, Alias("claro.catalog-rating")]
public sealed record CatalogRating(
    [property: Id(0)] double? Average,
    [property: Id(1)] long Count);

[GenerateSerializer, Immutable, Alias("claro.category-count")]
public sealed record CategoryCount(
    [property: Id(0)] string Category,
    [property: Id(1)] long Products);
