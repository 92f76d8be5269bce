using Claro.Platform;

namespace Claro.Tenants;

/// <summary>A creator's storefront and the boundary around its data. Keyed by tenant id.</summary>
[Alias("claro.tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant with the calling user as owner; the slug is claimed through <see cref="ITenantSlugGrain"/>.</summary>
    [Alias("create"), Allow(Who.SignedIn)]
    Task<Storefront> CreateAsync(CreateTenant request);

    /// <summary>The public storefront; <see cref="NotFoundException"/> when there is no such tenant.</summary>
    [Alias("get-storefront"), Allow(Who.Anyone)]
    Task<Storefront> GetStorefrontAsync();

    /// <summary>Settings, payment status, fee rate and members, for the tenant's own staff.</summary>
    /// <summary>Whether the tenant was saved: asked by its slug's index before it gives the slug to another.</summary>
    [Alias("exists"), Allow(Who.Internal)]
    Task<bool> ExistsAsync();

    [Alias("get-admin"), Allow(Who.TenantStaff)]
    Task<TenantAdminView> GetAdminViewAsync();

    [Alias("update-settings"), Allow(Who.TenantAdmin)]
    Task<TenantAdminView> UpdateSettingsAsync(UpdateTenantSettings request);

    /// <summary>Adds a member found by email as admin or staff (or changes their role); only the owner may.</summary>
    [Alias("add-member"), Allow(Who.TenantOwner)]
    Task<TenantAdminView> AddMemberAsync(AddTenantMember request);

    /// <summary>The platform's cut of this tenant's sales; platform admins only.</summary>
    [Alias("set-fee-rate"), Allow(Who.PlatformAdmin)]
    Task<TenantAdminView> SetFeeRateAsync(int feeRateBps);

    /// <summary>Suspends or reinstates the tenant: while suspended its storefront, product pages and listings answer 404 and checkouts 409.</summary>
    [Alias("set-suspended"), Allow(Who.Ops)]
    Task<TenantAdminView> SetSuspendedAsync(bool suspended);

    /// <summary>The storefront's slug, suspended or not: for the tenant's own products' catalog rows.</summary>
    [Alias("slug"), Allow(Who.Internal)]
    Task<string> GetSlugAsync();

    /// <summary>
    /// Creates the tenant's Stripe Express account on the first call (idempotently, keyed by the
    /// tenant) and answers a fresh onboarding link for it.
    /// </summary>
    [Alias("start-stripe-onboarding"), Allow(Who.TenantAdmin)]
    Task<string> StartStripeOnboardingAsync();

    /// <summary>An <c>account.updated</c> from Stripe; older snapshots than the one applied are ignored.</summary>
    [Alias("apply-stripe-account"), Allow(Who.Internal)]
    Task ApplyStripeAccountAsync(StripeAccountSnapshot snapshot);

    /// <summary>Where the money goes and the platform's cut; refuses (409) when the creator cannot take charges.</summary>
    [Alias("payment-terms"), Allow(Who.Internal)]
    Task<PaymentTerms> GetPaymentTermsAsync();

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
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] StorefrontSettings Settings);

/// <summary>How the storefront presents itself.</summary>
[GenerateSerializer, Immutable, Alias("claro.storefront-settings")]
public sealed record StorefrontSettings(
    [property: Id(0)] string Tagline,
    [property: Id(1)] string AccentColor)
{
    public static StorefrontSettings Default { get; } = new("", "#3b5bdb");
}

/// <summary>Null fields are left as they are.</summary>
[GenerateSerializer, Immutable, Alias("claro.update-tenant-settings")]
public sealed record UpdateTenantSettings(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] string? Tagline,
    [property: Id(3)] string? AccentColor);

[GenerateSerializer, Immutable, Alias("claro.add-tenant-member")]
public sealed record AddTenantMember(
    [property: Id(0)] string Email,
    [property: Id(1)] TenantRole Role);

[GenerateSerializer, Immutable, Alias("claro.tenant-member")]
public sealed record TenantMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] TenantRole Role);

/// <summary>Stripe Connect status of the tenant's Express account; empty until onboarding starts.</summary>
[GenerateSerializer, Immutable, Alias("claro.tenant-payments")]
public sealed record TenantPayments(
    [property: Id(0)] string? StripeAccountId,
    [property: Id(1)] bool ChargesEnabled,
    [property: Id(2)] bool PayoutsEnabled,
    [property: Id(3)] IReadOnlyList<string> RequirementsDue);

/// <summary>What Stripe said of a connected account at <see cref="At"/> (the event's creation time).</summary>
[GenerateSerializer, Immutable, Alias("claro.stripe-account-snapshot")]
public sealed record StripeAccountSnapshot(
    [property: Id(0)] string AccountId,
    [property: Id(1)] bool ChargesEnabled,
    [property: Id(2)] bool PayoutsEnabled,
    [property: Id(3)] IReadOnlyList<string> RequirementsDue,
    [property: Id(4)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("claro.payment-terms")]
public sealed record PaymentTerms(
    [property: Id(0)] string StripeAccountId,
    [property: Id(1)] int FeeRateBps);

/// <summary>
/// The storefront's own fields, then what only members see, flat as API.md names them: Stripe
/// Connect status (<see cref="ChargesEnabled"/>, <see cref="PayoutsEnabled"/>,
/// <see cref="RequirementsDue"/>), fee rate, members.
/// </summary>
[GenerateSerializer, Immutable, Alias("claro.tenant-admin-view")]
public sealed record TenantAdminView(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Slug,
    [property: Id(2)] string Name,
    [property: Id(3)] string Description,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] StorefrontSettings Settings,
    [property: Id(6)] int FeeRateBps,
    [property: Id(7)] string? StripeAccountId,
    [property: Id(8)] bool ChargesEnabled,
    [property: Id(9)] bool PayoutsEnabled,
    [property: Id(10)] IReadOnlyList<string> RequirementsDue,
    [property: Id(11)] IReadOnlyList<TenantMember> Members,
    [property: Id(12)] bool Suspended);
