namespace Claro.Tenants;

/// <summary>A creator's storefront and the boundary around its data. Keyed by tenant id.</summary>
[Alias("claro.tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant with the caller as owner; the slug is claimed through <see cref="ITenantSlugGrain"/>.</summary>
    [Alias("create")]
    Task<Storefront> CreateAsync(CreateTenant request);

    /// <summary>The public storefront; <see cref="Platform.NotFoundException"/> when there is no such tenant.</summary>
    [Alias("get-storefront")]
    Task<Storefront> GetStorefrontAsync();
}

[GenerateSerializer, Immutable, Alias("claro.create-tenant")]
public sealed record CreateTenant(
    [property: Id(0)] string OwnerUserId,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Slug);

[GenerateSerializer, Immutable, Alias("claro.storefront")]
public sealed record Storefront(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Name,
    [property: Id(3)] string Description,
    [property: Id(4)] DateTimeOffset CreatedAt);
