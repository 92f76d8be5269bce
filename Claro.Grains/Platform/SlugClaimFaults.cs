namespace Claro.Platform;

/// <summary>
/// A seam for crash tests: called after a tenant or product claimed a slug in its index, before it
/// saved itself under that slug. Production does nothing here; a test makes it throw to stand for a
/// process that died in between.
/// </summary>
public interface ISlugClaimFaults
{
    Task AfterSlugClaimedAsync(string ownerId, string slug);
}

public sealed class NoSlugClaimFaults : ISlugClaimFaults
{
    public Task AfterSlugClaimedAsync(string ownerId, string slug) => Task.CompletedTask;
}
