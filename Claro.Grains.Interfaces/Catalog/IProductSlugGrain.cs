using Claro.Platform;

namespace Claro.Catalog;

/// <summary>
/// Product slug → product id within one tenant. Keyed by <see cref="TenantKey.For"/>(tenantId, slug):
/// one activation per slug makes it unique under concurrent creation.
/// </summary>
[Alias("claro.product-slug")]
public interface IProductSlugGrain : IGrainWithStringKey
{
    /// <summary>True when the slug is now (or already was) this product's; false when another product holds it.</summary>
    [Alias("claim"), Allow(Who.Internal)]
    Task<bool> ClaimAsync(string productId);

    /// <summary>Lets the slug go, if this product holds it.</summary>
    [Alias("release"), Allow(Who.Internal)]
    Task ReleaseAsync(string productId);

    /// <summary>The product holding this slug, or null.</summary>
    [Alias("product-id"), Allow(Who.Anyone)]
    Task<string?> GetProductIdAsync();
}
