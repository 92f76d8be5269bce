using Claro.Platform;
using Claro.Silo.Hosting;

namespace Claro.Api.Platform;

/// <summary>
/// How this API copy reaches the grains: by running one of the cluster's silos in its own process
/// (the default), so a call to a grain activated here never leaves it and one elsewhere is a single
/// silo-to-silo hop; or, with <see cref="HostsSiloKey"/> false, as an Orleans client of the
/// cluster's gateways, a stateless tier of its own, where a gateway forwards each call to the silo
/// that holds the grain (two hops unless the gateway holds it).
/// </summary>
public static class ClusterConnection
{
    public const string HostsSiloKey = "CLARO_API_HOSTS_SILO";

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    /// <summary>The endpoints of the silo to run in process, or null to be a client; problems name the setting.</summary>
    public static SiloEndpoints? InProcessSilo(IConfiguration configuration, List<string> problems)
    {
        var text = configuration[HostsSiloKey];
        var hostsSilo = true;
        if (!string.IsNullOrWhiteSpace(text) && !bool.TryParse(text, out hostsSilo))
        {
            problems.Add($"{HostsSiloKey} must be true or false.");
            return null;
        }
        if (!hostsSilo)
            return null;
        var endpoints = SiloEndpoints.From(configuration, out var endpointProblems);
        problems.AddRange(endpointProblems);
        return endpoints;
    }

    public static void UseClaroCluster(this WebApplicationBuilder builder, ClaroSettings settings, SiloEndpoints? inProcessSilo)
    {
        if (inProcessSilo is not null)
        {
            builder.UseOrleans(silo => silo.UseClaroSilo(settings, inProcessSilo));
            return;
        }
        builder.UseOrleansClient(client => client
            .UseClaroClient(settings)
            .UseConnectionRetryFilter(RetryWhileStarting));
    }

    /// <summary>
    /// The API may start before any silo (a rolling start, <c>./claro up</c>): keep trying for a
    /// while instead of failing, then give up so a supervisor can see it.
    /// </summary>
    private static async Task<bool> RetryWhileStarting(Exception exception, CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow - StartedAt > GiveUpAfter)
            return false;
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
