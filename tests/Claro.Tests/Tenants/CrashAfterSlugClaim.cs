using System.Collections.Concurrent;
using Claro.Tenants;

namespace Claro.Tests.Tenants;

/// <summary>Stands for a silo that dies after a new tenant claimed its slug and before it was saved.</summary>
public sealed class CrashAfterSlugClaim : ITenantCreationFaults
{
    private static readonly ConcurrentDictionary<string, bool> Armed = new();

    /// <summary>The next tenant created with this slug dies after claiming it.</summary>
    public static void Arm(string slug) => Armed[slug] = true;

    public Task AfterSlugClaimedAsync(string tenantId, string slug) =>
        Armed.TryRemove(slug, out _)
            ? throw new InvalidOperationException($"Simulated crash after {tenantId} claimed '{slug}'.")
            : Task.CompletedTask;
}
