using Claro.Platform;

namespace Claro.Tenants;

/// <summary>Slug → tenant index: one activation per slug makes the slug unique under concurrent creation.</summary>
[Alias("claro.tenant-slug")]
public interface ITenantSlugGrain : IGrainWithStringKey
{
    /// <summary>True when the slug is now (or already was) this tenant's; false when another tenant holds it.</summary>
    [Alias("claim"), Allow(Who.Internal)]
    Task<bool> ClaimAsync(string tenantId);

    /// <summary>The tenant holding this slug, or null.</summary>
    [Alias("tenant-id"), Allow(Who.Anyone)]
    Task<string?> GetTenantIdAsync();
}
