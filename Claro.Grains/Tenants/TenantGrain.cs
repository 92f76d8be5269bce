using System.Text.RegularExpressions;
using Claro.Accounts;
using Claro.Platform;
using Npgsql;
using Stripe;

namespace Claro.Tenants;

public sealed partial class TenantGrain(
    [PersistentState(StorageNames.Tenant, StorageNames.Provider)] IPersistentState<TenantState> tenant,
    ClaroSettings settings,
    IStripeClient stripe,
    NpgsqlDataSource database,
    ISlugClaimFaults faults,
    TimeProvider clock) : Grain, ITenantGrain, ITenantMembership
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxTaglineLength = 140;

    public async Task<Storefront> CreateAsync(CreateTenant request)
    {
        var owner = Caller.Required.UserId;
        var name = (request.Name ?? "").Trim();
        var slug = string.IsNullOrWhiteSpace(request.Slug) ? TenantSlug.FromName(name) : request.Slug.Trim();
        var errors = new Dictionary<string, string[]>();
        CheckName(name, errors);
        if (TenantSlug.Problem(slug) is { } slugProblem)
            errors["slug"] = [slugProblem];
        ThrowIfAny(errors);

        if (tenant.State.Exists)
        {
            // A retried create from the same owner answers the same tenant; anything else is a clash of ids.
            if (tenant.State.OwnerUserId == owner && tenant.State.Slug == slug)
                return ToStorefront();
            throw new ConflictException("tenant_exists", "A tenant with this id already exists.");
        }

        if (!await GrainFactory.GetGrain<ITenantSlugGrain>(slug).ClaimAsync(this.GetPrimaryKeyString()))
            throw new ConflictException("slug_taken", $"The slug '{slug}' is taken.");
        await faults.AfterSlugClaimedAsync(this.GetPrimaryKeyString(), slug);

        tenant.State = new TenantState
        {
            Exists = true,
            Slug = slug,
            Name = name,
            OwnerUserId = owner,
            CreatedAt = clock.GetUtcNow(),
            Members = { [owner] = TenantRole.Owner },
            FeeRateBps = settings.DefaultFeeRateBps,
        };
        await SaveAsync();
        await TellAccountAsync(owner, TenantRole.Owner);
        return ToStorefront();
    }

    public async Task<TenantAdminView> AddMemberAsync(AddTenantMember request)
    {
        RequireExists();
        if (request.Role is not (TenantRole.Admin or TenantRole.Staff))
            throw new ValidationException("role", "A member is added as admin or staff.");
        var email = EmailAddress.Normalize(request.Email);
        if (EmailAddress.Problem(email) is { } problem)
            throw new ValidationException("email", problem);
        var userId = await GrainFactory.GetGrain<IEmailIndexGrain>(email).FindUserIdAsync()
            ?? throw new ValidationException("email", "No Claro account uses this email; ask them to sign up first.");
        if (userId == tenant.State.OwnerUserId)
            throw new ConflictException("owner_role", "The owner stays the owner.");

        tenant.State.Members[userId] = request.Role;
        await SaveAsync();
        await TellAccountAsync(userId, request.Role);
        return ToAdminView();
    }

    /// <summary>The account lists its tenants (for /api/me and the creator role); the tenant stays the authority.</summary>
    private Task TellAccountAsync(string userId, TenantRole role) =>
        GrainFactory.GetGrain<IAccountGrain>(userId).AddTenantMembershipAsync(new TenantMembership(this.GetPrimaryKeyString(), tenant.State.Slug, role));

    /// <summary>A crash between the state write and the directory row heals here.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        tenant.State.Exists ? StorefrontProjection.UpsertAsync(database, this.GetPrimaryKeyString(), tenant.State) : Task.CompletedTask;

    /// <summary>Every change is persisted, then shown in the storefront directory under its version.</summary>
    private async Task SaveAsync()
    {
        tenant.State.Version++;
        await tenant.WriteStateAsync();
        await StorefrontProjection.UpsertAsync(database, this.GetPrimaryKeyString(), tenant.State);
    }

    public Task<Storefront> GetStorefrontAsync() =>
        tenant.State.Suspended ? throw new NotFoundException() : Task.FromResult(ToStorefront());

    public Task<string> GetSlugAsync()
    {
        RequireExists();
        return Task.FromResult(tenant.State.Slug);
    }

    public async Task<TenantAdminView> SetSuspendedAsync(bool suspended)
    {
        RequireExists();
        if (tenant.State.Suspended != suspended)
        {
            tenant.State.Suspended = suspended;
            await SaveAsync();
        }
        return ToAdminView();
    }

    public Task<bool> ExistsAsync() => Task.FromResult(tenant.State.Exists);

    public Task<TenantAdminView> GetAdminViewAsync() => Task.FromResult(ToAdminView());

    public async Task<TenantAdminView> UpdateSettingsAsync(UpdateTenantSettings request)
    {
        RequireExists();
        var name = request.Name?.Trim() ?? tenant.State.Name;
        var description = request.Description?.Trim() ?? tenant.State.Description;
        var tagline = request.Tagline?.Trim() ?? tenant.State.Settings.Tagline;
        var accent = request.AccentColor?.Trim() ?? tenant.State.Settings.AccentColor;

        var errors = new Dictionary<string, string[]>();
        CheckName(name, errors);
        if (description.Length > MaxDescriptionLength)
            errors["description"] = [$"At most {MaxDescriptionLength} characters."];
        if (tagline.Length > MaxTaglineLength)
            errors["tagline"] = [$"At most {MaxTaglineLength} characters."];
        if (!HexColor().IsMatch(accent))
            errors["accentColor"] = ["A colour as #rrggbb."];
        ThrowIfAny(errors);

        tenant.State.Name = name;
        tenant.State.Description = description;
        tenant.State.Settings = new StorefrontSettings(tagline, accent.ToLowerInvariant());
        await SaveAsync();
        return ToAdminView();
    }

    public async Task<TenantAdminView> SetFeeRateAsync(int feeRateBps)
    {
        RequireExists();
        if (feeRateBps is < 0 or > ClaroSettingsValidator.MaximumFeeRateBps)
            throw new ValidationException("feeRateBps", $"Basis points from 0 to {ClaroSettingsValidator.MaximumFeeRateBps}.");
        tenant.State.FeeRateBps = feeRateBps;
        await SaveAsync();
        return ToAdminView();
    }

    public async Task<string> StartStripeOnboardingAsync()
    {
        RequireExists();
        var tenantId = this.GetPrimaryKeyString();
        if (tenant.State.Payments.StripeAccountId is null)
        {
            // The idempotency key makes a retry after a crash here get the same account back.
            var account = await new AccountService(stripe).CreateAsync(
                new AccountCreateOptions
                {
                    Controller = new AccountControllerOptions
                    {
                        StripeDashboard = new AccountControllerStripeDashboardOptions { Type = "express" },
                        Fees = new AccountControllerFeesOptions { Payer = "application" },
                        Losses = new AccountControllerLossesOptions { Payments = "application" },
                    },
                    Metadata = new Dictionary<string, string> { ["tenantId"] = tenantId },
                },
                new RequestOptions { IdempotencyKey = $"claro-tenant-account-{tenantId}" });
            await GrainFactory.GetGrain<IStripeAccountIndexGrain>(account.Id).AssignAsync(tenantId);
            tenant.State.Payments = new TenantPayments(
                account.Id, account.ChargesEnabled, account.PayoutsEnabled, account.Requirements?.CurrentlyDue ?? []);
            await SaveAsync();
        }

        var back = $"{settings.PublicBaseUrl.TrimEnd('/')}/stripe/onboarding";
        var link = await new AccountLinkService(stripe).CreateAsync(new AccountLinkCreateOptions
        {
            Account = tenant.State.Payments.StripeAccountId,
            Type = "account_onboarding",
            RefreshUrl = $"{back}/refresh?tenant={tenant.State.Slug}",
            ReturnUrl = $"{back}/return?tenant={tenant.State.Slug}",
        });
        return link.Url;
    }

    public async Task ApplyStripeAccountAsync(StripeAccountSnapshot snapshot)
    {
        RequireExists();
        if (snapshot.AccountId != tenant.State.Payments.StripeAccountId || snapshot.At < tenant.State.StripeAccountAsOf)
            return;
        tenant.State.Payments = new TenantPayments(snapshot.AccountId, snapshot.ChargesEnabled, snapshot.PayoutsEnabled, snapshot.RequirementsDue);
        tenant.State.StripeAccountAsOf = snapshot.At;
        await SaveAsync();
    }

    public Task<PaymentTerms> GetPaymentTermsAsync()
    {
        RequireExists();
        var payments = tenant.State.Payments;
        if (tenant.State.Suspended)
            throw new ConflictException("creator_suspended", "This creator's storefront is suspended.");
        return payments is { StripeAccountId: { } account, ChargesEnabled: true }
            ? Task.FromResult(new PaymentTerms(account, tenant.State.FeeRateBps))
            : throw new ConflictException("creator_cannot_accept_payments", "This creator cannot accept payments yet.");
    }

    public Task<TenantRole?> GetMemberRoleAsync(string userId) => Task.FromResult(RoleOf(userId));

    public TenantRole? RoleOf(string userId) =>
        tenant.State.Exists && tenant.State.Members.TryGetValue(userId, out var role) ? role : null;

    private void RequireExists()
    {
        if (!tenant.State.Exists)
            throw new NotFoundException();
    }

    private Storefront ToStorefront()
    {
        RequireExists();
        var state = tenant.State;
        return new Storefront(this.GetPrimaryKeyString(), state.Slug, state.Name, state.Description, state.CreatedAt, state.Settings);
    }

    private TenantAdminView ToAdminView()
    {
        var (storefront, state) = (ToStorefront(), tenant.State);
        return new TenantAdminView(storefront.TenantId, storefront.Slug, storefront.Name, storefront.Description, storefront.CreatedAt, storefront.Settings,
            state.FeeRateBps, state.Payments.StripeAccountId, state.Payments.ChargesEnabled, state.Payments.PayoutsEnabled, state.Payments.RequirementsDue,
            state.Members.Select(m => new TenantMember(m.Key, m.Value)).OrderByDescending(m => m.Role).ThenBy(m => m.UserId, StringComparer.Ordinal).ToList(),
            state.Suspended);
    }

    private static void CheckName(string name, Dictionary<string, string[]> errors)
    {
        if (name.Length is 0 or > MaxNameLength)
            errors["name"] = [$"Must be 1-{MaxNameLength} characters."];
    }

    private static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
            throw new ValidationException(errors);
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
