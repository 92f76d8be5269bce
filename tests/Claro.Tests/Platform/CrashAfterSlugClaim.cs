using System.Collections.Concurrent;
using Claro.Platform;

namespace Claro.Tests.Platform;

/// <summary>Stands for a silo that dies after a tenant or product claimed a slug and before it saved itself under it.</summary>
public sealed class CrashAfterSlugClaim : ISlugClaimFaults
{
    private static readonly ConcurrentDictionary<string, bool> Armed = new();

    /// <summary>The next tenant or product claiming this slug dies right after.</summary>
    public static void Arm(string slug) => Armed[slug] = true;

    public Task AfterSlugClaimedAsync(string ownerId, string slug) =>
        Armed.TryRemove(slug, out _)
            ? throw new InvalidOperationException($"Simulated crash after {ownerId} claimed '{slug}'.")
            : Task.CompletedTask;
}
