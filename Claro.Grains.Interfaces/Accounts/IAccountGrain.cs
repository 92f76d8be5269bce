using Claro.Platform;

namespace Claro.Accounts;

/// <summary>
/// A person's account: email, password hash, platform roles, tenant memberships and the token
/// version that revokes every older token when it moves. Keyed by user id (<c>u_</c> + 32 hex).
/// Created only through <see cref="IEmailIndexGrain.SignUpAsync"/>, which keeps emails unique.
/// </summary>
[Alias("claro.account")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Writes the new account (hashing the password here, so the hash never leaves the silo).</summary>
    [Alias("create"), Allow(Who.Internal)]
    Task<SignedIn> CreateAsync(string email, NewAccount account);

    /// <summary>
    /// True when this account holds the email. Asked by the email index about a claim it never
    /// confirmed; when the account was never written, its id is retired so a late create cannot
    /// take the email after the index has let it go.
    /// </summary>
    [Alias("holds-email"), Allow(Who.Internal)]
    Task<bool> HoldsEmailAsync(string email);

    /// <summary>Who to issue a token for when the password is right; null otherwise. The email index asks this at login.</summary>
    [Alias("check-password"), Allow(Who.Internal)]
    Task<SignedIn?> CheckPasswordAsync(string password);

    /// <summary>What every authenticated request re-checks: the current token version and roles.</summary>
    [Alias("session"), Allow(Who.Self), Orleans.Concurrency.ReadOnly]
    Task<AccountSession> GetSessionAsync();

    [Alias("profile"), Allow(Who.Self, Who.Ops), Orleans.Concurrency.ReadOnly]
    Task<AccountProfile> GetProfileAsync();

    /// <summary>Replaces the password and bumps the token version, which revokes every token issued before.</summary>
    [Alias("change-password"), Allow(Who.Self)]
    Task<SignedIn> ChangePasswordAsync(ChangePassword request);

    /// <summary>Records (or updates) the account's role in a tenant; the tenant grain calls it when it adds a member.</summary>
    [Alias("add-tenant-membership"), Allow(Who.Internal)]
    Task AddTenantMembershipAsync(TenantMembership membership);

    /// <summary>Grants a platform role (<c>ops</c> or <c>admin</c>); it applies to the account's existing tokens at once.</summary>
    [Alias("grant-role"), Allow(Who.PlatformAdmin)]
    Task GrantRoleAsync(string role);
}

[GenerateSerializer, Immutable, Alias("claro.new-account")]
public sealed record NewAccount(
    [property: Id(0)] string Password,
    [property: Id(1)] string DisplayName);

/// <summary>The user a token is issued for, and the token version it must carry.</summary>
[GenerateSerializer, Immutable, Alias("claro.signed-in")]
public sealed record SignedIn(
    [property: Id(0)] string UserId,
    [property: Id(1)] int TokenVersion);

[GenerateSerializer, Immutable, Alias("claro.account-session")]
public sealed record AccountSession(
    [property: Id(0)] int TokenVersion,
    [property: Id(1)] IReadOnlyList<string> Roles);

[GenerateSerializer, Immutable, Alias("claro.account-profile")]
public sealed record AccountProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] IReadOnlyList<string> Roles,
    [property: Id(4)] IReadOnlyList<TenantMembership> Tenants);

[GenerateSerializer, Immutable, Alias("claro.tenant-membership")]
public sealed record TenantMembership(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Slug,
    [property: Id(2)] TenantRole Role);

[GenerateSerializer, Immutable, Alias("claro.change-password")]
public sealed record ChangePassword(
    [property: Id(0)] string CurrentPassword,
    [property: Id(1)] string NewPassword);
