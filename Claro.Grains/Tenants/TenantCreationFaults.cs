namespace Claro.Tenants;

/// <summary>
/// A seam for crash tests: called after a new tenant claimed its slug, before the tenant is saved.
/// Production does nothing here; a test makes it throw to stand for a process that died.
/// </summary>
public interface ITenantCreationFaults
{
    Task AfterSlugClaimedAsync(string tenantId, string slug);
}

public sealed class NoTenantCreationFaults : ITenantCreationFaults
{
    public Task AfterSlugClaimedAsync(string tenantId, string slug) => Task.CompletedTask;
}
