using Claro.Platform;

namespace Claro.Tenants;

/// <summary>All storefronts, newest first, from the storefront read model; a stateless reader.</summary>
[Alias("claro.storefront-directory")]
public interface IStorefrontDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary><paramref name="cursor"/> is the <see cref="StorefrontPage.NextCursor"/> of the page before.</summary>
    [Alias("list"), Allow(Who.Anyone)]
    Task<StorefrontPage> ListAsync(string? cursor, int limit);
}

[GenerateSerializer, Immutable, Alias("claro.storefront-listing")]
public sealed record StorefrontListing(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Name,
    [property: Id(3)] string Description,
    [property: Id(4)] string Tagline,
    [property: Id(5)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("claro.storefront-page")]
public sealed record StorefrontPage(
    [property: Id(0)] IReadOnlyList<StorefrontListing> Items,
    [property: Id(1)] string? NextCursor);
