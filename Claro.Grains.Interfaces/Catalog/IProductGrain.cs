using Claro.Platform;

namespace Claro.Catalog;

/// <summary>
/// One product of one tenant, the only writer of its state. Keyed by
/// <see cref="TenantKey.For"/>(tenantId, productId), so the access filter knows its tenant from the key.
/// </summary>
[Alias("claro.product")]
public interface IProductGrain : IGrainWithStringKey
{
    /// <summary>Creates the product, claiming its slug in the tenant (409 <c>slug_taken</c>).</summary>
    [Alias("create"), Allow(Who.TenantStaff)]
    Task<ProductDetails> CreateAsync(NewProduct product);

    /// <summary>The whole product as its tenant's members see it, in any state, content included.</summary>
    [Alias("get"), Allow(Who.TenantStaff)]
    Task<ProductDetails> GetAsync();

    /// <summary>Applies the fields that are set; a new slug is claimed before the old one is let go.</summary>
    [Alias("update"), Allow(Who.TenantStaff)]
    Task<ProductDetails> UpdateAsync(ProductChanges changes);

    /// <summary>Takes the product off sale. Its state is kept: buyers keep what they bought.</summary>
    [Alias("archive"), Allow(Who.TenantStaff)]
    Task<ProductDetails> ArchiveAsync();

    /// <summary>Records a deliverable file the API has already stored in the file store.</summary>
    [Alias("add-file"), Allow(Who.TenantStaff)]
    Task<ProductDetails> AddFileAsync(ProductFile file);

    /// <summary>The product page anyone may see; not found while draft or archived. Never the paid content.</summary>
    [Alias("get-page"), Allow(Who.Anyone)]
    Task<ProductPage> GetPageAsync();

    /// <summary>What a cart prices a line with: the title and today's price; not found while draft or archived.</summary>
    [Alias("get-offer"), Allow(Who.Anyone)]
    Task<ProductOffer> GetOfferAsync();

    /// <summary>Whether the product exists: asked by its stock before keys are added.</summary>
    /// <summary>What a buyer receives: title, content as Markdown, files. Archived products still deliver.</summary>
    [Alias("get-delivery"), Allow(Who.Internal)]
    Task<ProductDelivery> GetDeliveryAsync();

    [Alias("exists"), Allow(Who.Internal)]
    Task<bool> ExistsAsync();

    /// <summary>Whether the saved product goes by this slug: asked by the slug's index before it gives the slug to another.</summary>
    [Alias("holds-slug"), Allow(Who.Internal)]
    Task<bool> HoldsSlugAsync(string slug);

    /// <summary>Whether the product has a page (public or private): asked by its reviews before they are written or listed.</summary>
    [Alias("is-on-sale"), Allow(Who.Internal)]
    Task<bool> IsOnSaleAsync();
}

/// <summary>A new product as submitted; nulls are reported as missing or take the documented default.</summary>
[GenerateSerializer, Immutable, Alias("claro.new-product")]
public sealed record NewProduct(
    [property: Id(0)] string? Title,
    [property: Id(1)] string? Slug,
    [property: Id(2)] Money? Price,
    [property: Id(3)] string? Visibility,
    [property: Id(4)] string? Category,
    [property: Id(5)] IReadOnlyList<string>? Tags,
    [property: Id(6)] string? Description,
    [property: Id(7)] string? Content);

/// <summary>An edit: every field that is null stays as it is.</summary>
[GenerateSerializer, Immutable, Alias("claro.product-changes")]
public sealed record ProductChanges(
    [property: Id(0)] string? Title,
    [property: Id(1)] string? Slug,
    [property: Id(2)] Money? Price,
    [property: Id(3)] string? Visibility,
    [property: Id(4)] string? Category,
    [property: Id(5)] IReadOnlyList<string>? Tags,
    [property: Id(6)] string? Description,
    [property: Id(7)] string? Content);

/// <summary>A deliverable file as kept in the file store: <see cref="Sha256"/> is lowercase hex of its bytes.</summary>
[GenerateSerializer, Immutable, Alias("claro.product-file")]
public sealed record ProductFile(
    [property: Id(0)] string FileId,
    [property: Id(1)] string Name,
    [property: Id(2)] long Size,
    [property: Id(3)] string ContentType,
    [property: Id(4)] string Sha256,
    [property: Id(5)] DateTimeOffset UploadedAt);

/// <summary>The product as its tenant's members see it.</summary>
[GenerateSerializer, Immutable, Alias("claro.product-details")]
public sealed record ProductDetails(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Slug,
    [property: Id(3)] string Title,
    [property: Id(4)] Money Price,
    [property: Id(5)] string Visibility,
    [property: Id(6)] string Category,
    [property: Id(7)] IReadOnlyList<string> Tags,
    [property: Id(8)] string Description,
    [property: Id(9)] string Content,
    [property: Id(10)] IReadOnlyList<ProductFile> Files,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("claro.product-delivery")]
public sealed record ProductDelivery(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Title,
    [property: Id(2)] string ContentMarkdown,
    [property: Id(3)] IReadOnlyList<ProductFile> Files);

/// <summary>
/// The public product page: what a shopper sees before buying. <see cref="Rating"/> is the average
/// of the reviews, null until the first one (as in discovery); <see cref="RatingCount"/> how many there are.
/// </summary>
[GenerateSerializer, Immutable, Alias("claro.product-page")]
public sealed record ProductPage(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Title,
    [property: Id(3)] Money Price,
    [property: Id(4)] string Category,
    [property: Id(5)] IReadOnlyList<string> Tags,
    [property: Id(6)] string Description,
    [property: Id(7)] Creator Creator,
    [property: Id(8)] double? Rating,
    [property: Id(9)] long RatingCount);

[GenerateSerializer, Immutable, Alias("claro.product-offer")]
public sealed record ProductOffer(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Title,
    [property: Id(2)] Money Price);

[GenerateSerializer, Immutable, Alias("claro.creator")]
public sealed record Creator(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Name);
