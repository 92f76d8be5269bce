using Claro.Platform;

namespace Claro.Tenants;

public sealed class TenantGrain(
    [PersistentState(StorageNames.Tenant, StorageNames.Provider)] IPersistentState<TenantState> tenant,
    TimeProvider clock) : Grain, ITenantGrain, ITenantMembership
{
    public const int MaxNameLength = 100;

    public async Task<Storefront> CreateAsync(CreateTenant request)
    {
        var name = request.Name.Trim();
        var slug = string.IsNullOrWhiteSpace(request.Slug) ? TenantSlug.FromName(name) : request.Slug.Trim();
        var owner = Caller.Required.UserId;
        Validate(name, slug);

        if (tenant.State.Exists)
        {
            // A retried create from the same owner answers the same tenant; anything else is a clash of ids.
            if (tenant.State.OwnerUserId == owner && tenant.State.Slug == slug)
                return ToStorefront();
            throw new ConflictException("tenant_exists", "A tenant with this id already exists.");
        }

        if (!await GrainFactory.GetGrain<ITenantSlugGrain>(slug).ClaimAsync(this.GetPrimaryKeyString()))
            throw new ConflictException("slug_taken", $"The slug '{slug}' is taken.");

        tenant.State = new TenantState
        {
            Exists = true,
            Slug = slug,
            Name = name,
            OwnerUserId = owner,
            CreatedAt = clock.GetUtcNow(),
            Members = { [owner] = TenantRole.Owner },
        };
        await tenant.WriteStateAsync();
        return ToStorefront();
    }

    public Task<Storefront> GetStorefrontAsync() =>
        tenant.State.Exists ? Task.FromResult(ToStorefront()) : throw new NotFoundException();

    public Task<TenantRole?> GetMemberRoleAsync(string userId) => Task.FromResult(RoleOf(userId));

    public TenantRole? RoleOf(string userId) =>
        tenant.State.Exists && tenant.State.Members.TryGetValue(userId, out var role) ? role : null;

    private Storefront ToStorefront() => new(
        this.GetPrimaryKeyString(), tenant.State.Slug, tenant.State.Name, tenant.State.Description, tenant.State.CreatedAt);

    private static void Validate(string name, string slug)
    {
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > MaxNameLength)
            errors["name"] = [$"Must be 1-{MaxNameLength} characters."];
        if (TenantSlug.Problem(slug) is { } slugProblem)
            errors["slug"] = [slugProblem];
        if (errors.Count > 0)
            throw new ValidationException(errors);
    }
}
