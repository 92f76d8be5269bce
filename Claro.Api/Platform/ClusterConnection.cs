namespace Claro.Api.Platform;

public static class ClusterConnection
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    /// <summary>
    /// The API may start before any silo (a rolling start, <c>./claro up</c>): keep trying for a
    /// while instead of failing, then give up so a supervisor can see it.
    /// </summary>
    public static async Task<bool> RetryWhileStarting(Exception exception, CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow - StartedAt > GiveUpAfter)
            return false;
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
