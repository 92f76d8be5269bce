using Claro.Platform;
using Microsoft.AspNetCore.Identity;

namespace Claro.Accounts;

public sealed class AccountGrain(
    [PersistentState(StorageNames.Account, StorageNames.Provider)] IPersistentState<AccountState> account,
    ClaroSettings settings,
    TimeProvider clock) : Grain, IAccountGrain
{
    private static readonly string[] GrantableRoles = [PlatformRoles.Ops, PlatformRoles.Admin];

    private string UserId => this.GetPrimaryKeyString();

    private bool Exists => account.State.Email is not null;

    public async Task<SignedIn> CreateAsync(string email, NewAccount request)
    {
        if (Exists || account.State.Retired)
            throw new ConflictException("account_exists", "This account id is taken.");
        AccountRules.ThrowIfInvalidSignUp(email, request.Password, request.DisplayName);

        account.State.Email = email;
        account.State.DisplayName = request.DisplayName.Trim();
        account.State.PasswordHash = Passwords.Hash(request.Password);
        // Versions start at 1: a token that carries none (version 0) can never speak for a real account.
        account.State.TokenVersion = 1;
        account.State.CreatedAt = clock.GetUtcNow();
        await WriteAsync();
        return new SignedIn(UserId, account.State.TokenVersion);
    }

    public async Task<bool> HoldsEmailAsync(string email)
    {
        if (Exists)
            return account.State.Email == email;
        if (!account.State.Retired)
        {
            account.State.Retired = true;
            await WriteAsync();
        }
        return false;
    }

    public async Task<SignedIn?> CheckPasswordAsync(string password)
    {
        if (!Exists)
        {
            Passwords.VerifyDecoy(password);
            return null;
        }
        switch (Passwords.Verify(account.State.PasswordHash, password))
        {
            case PasswordVerificationResult.Failed:
                return null;
            case PasswordVerificationResult.SuccessRehashNeeded:
                account.State.PasswordHash = Passwords.Hash(password);
                await WriteAsync();
                break;
        }
        return new SignedIn(UserId, account.State.TokenVersion);
    }

    public Task<AccountSession> GetSessionAsync() =>
        Task.FromResult(new AccountSession(account.State.TokenVersion, Roles()));

    public Task<AccountProfile> GetProfileAsync()
    {
        if (!Exists)
            throw new NotFoundException();
        var tenants = account.State.Tenants.Values.OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();
        return Task.FromResult(new AccountProfile(UserId, account.State.Email!, account.State.DisplayName, Roles(), tenants));
    }

    public async Task<SignedIn> ChangePasswordAsync(ChangePassword request)
    {
        if (!Exists)
            throw new NotFoundException();
        var errors = new Dictionary<string, string[]>();
        if (Passwords.Verify(account.State.PasswordHash, request.CurrentPassword ?? "") == PasswordVerificationResult.Failed)
            errors["currentPassword"] = ["Is not the current password."];
        if (AccountRules.PasswordProblem(request.NewPassword) is { } problem)
            errors["newPassword"] = [problem];
        if (errors.Count > 0)
            throw new ValidationException(errors);

        account.State.PasswordHash = Passwords.Hash(request.NewPassword);
        account.State.TokenVersion++;
        await WriteAsync();
        return new SignedIn(UserId, account.State.TokenVersion);
    }

    public async Task AddTenantMembershipAsync(TenantMembership membership)
    {
        // Kept even for an id that never signed up (tokens minted by tools and tests), so /api/me and roles agree with the tenant.
        if (account.State.Tenants.TryGetValue(membership.TenantId, out var known) && known == membership)
            return;
        account.State.Tenants[membership.TenantId] = membership;
        await WriteAsync();
    }

    public async Task GrantRoleAsync(string role)
    {
        if (!GrantableRoles.Contains(role, StringComparer.Ordinal))
            throw new ValidationException("role", $"Must be one of: {string.Join(", ", GrantableRoles)}.");
        if (!Exists)
            throw new NotFoundException();
        if (account.State.GrantedRoles.Contains(role, StringComparer.Ordinal))
            return;
        account.State.GrantedRoles.Add(role);
        await WriteAsync();
    }

    private IReadOnlyList<string> Roles()
    {
        var roles = new List<string> { PlatformRoles.Customer };
        if (account.State.Tenants.Count > 0)
            roles.Add(PlatformRoles.Creator);
        foreach (var role in GrantableRoles)
        {
            // Admin emails from configuration are read on every check, so removing one takes the role away.
            if (account.State.GrantedRoles.Contains(role, StringComparer.Ordinal)
                || (role == PlatformRoles.Admin && Exists && AccountRules.AdminEmails(settings.AdminEmails).Contains(account.State.Email!)))
                roles.Add(role);
        }
        return roles;
    }

    /// <summary>
    /// A failed write leaves memory ahead of storage; the activation is dropped so the next call
    /// reads what is stored. The email index relies on this: an account that says it holds an
    /// email must have it stored.
    /// </summary>
    private async Task WriteAsync()
    {
        try
        {
            await account.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
