using Claro.Platform;

namespace Claro.Tenants;

/// <summary>A creator's storefront and the boundary around its data. Keyed by tenant id.</summary>
[Alias("claro.tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant with the calling user as owner; the slug is claimed through <see cref="ITenantSlugGrain"/>.</summary>
    [Alias("create"), Allow(Who.SignedIn)]
    Task<Storefront> CreateAsync(CreateTenant request);

    /// <summary>The public storefront; <see cref="Platform.NotFoundException"/> when there is no such tenant.</summary>
    [Alias("get-storefront"), Allow(Who.Anyone)]
    Task<Storefront> GetStorefrontAsync();

    /// <summary>The user's role in this tenant, or null. Asked by the access filter for tenant-owned grains.</summary>
    [Alias("member-role"), Allow(Who.Internal), Orleans.Concurrency.AlwaysInterleave]
    Task<TenantRole?> GetMemberRoleAsync(string userId);
}

[GenerateSerializer, Immutable, Alias("claro.create-tenant")]
public sealed record CreateTenant(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Slug);

[GenerateSerializer, Immutable, Alias("claro.storefront")]
public sealed record Storefront(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Name,
    [property: Id(3)] string Description,
    [property: Id(4)] DateTimeOffset CreatedAt);
