using System.Globalization;
using System.Net;
using IPNetwork = System.Net.IPNetwork;
using System.Threading.RateLimiting;
using Claro.Accounts;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Claro.Api.Accounts;

/// <summary>
/// Abuse limits on signup and login, each counted per client IP and per email in fixed one-minute
/// windows: <c>CLARO_ACCOUNT_LIMIT_PER_IP</c> (default 10) and <c>CLARO_ACCOUNT_LIMIT_PER_EMAIL</c>
/// (default 5). The client IP is the connection's, or the <c>X-Forwarded-For</c> entry added by a
/// trusted proxy: loopback, plus the addresses and networks in <c>CLARO_TRUSTED_PROXIES</c>.
/// </summary>
public sealed class AccountLimits
{
    public const string PerIpKey = "CLARO_ACCOUNT_LIMIT_PER_IP";
    public const string PerEmailKey = "CLARO_ACCOUNT_LIMIT_PER_EMAIL";
    public const string TrustedProxiesKey = "CLARO_TRUSTED_PROXIES";

    public const string SignUpPolicy = "accounts-signup";
    public const string LogInPolicy = "accounts-login";
    public const string RateLimitedCode = "rate_limited";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public int PerIp { get; private init; } = 10;
    public int PerEmail { get; private init; } = 5;
    public IReadOnlyList<IPNetwork> TrustedProxies { get; private init; } = [];

    public static AccountLimits From(IConfiguration configuration, out List<string> problems)
    {
        problems = [];
        var defaults = new AccountLimits();
        var proxies = new List<IPNetwork>();
        foreach (var entry in (configuration[TrustedProxiesKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
                proxies.Add(network);
            else if (IPAddress.TryParse(entry, out var address))
                proxies.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else
                problems.Add($"{TrustedProxiesKey} must be comma-separated IP addresses or networks (10.0.0.0/8); '{entry}' is not one.");
        }
        return new AccountLimits
        {
            PerIp = Limit(configuration, PerIpKey, defaults.PerIp, problems),
            PerEmail = Limit(configuration, PerEmailKey, defaults.PerEmail, problems),
            TrustedProxies = proxies,
        };
    }

    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        From(configuration, out var problems);
        return problems;
    }

    private static int Limit(IConfiguration configuration, string key, int fallback, List<string> problems)
    {
        if (configuration[key] is not { } text)
            return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0)
            return limit;
        problems.Add($"{key} must be a whole number of requests per minute, at least 1.");
        return fallback;
    }

    internal static RateLimitPartition<string> PerIpPartition(HttpContext http, int limit) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => WindowOf(limit));

    internal static FixedWindowRateLimiterOptions WindowOf(int limit) =>
        new() { PermitLimit = limit, Window = Window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>429 problem+json with <c>Retry-After</c> in whole seconds.</summary>
    internal static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too Many Requests",
                Detail = "Too many attempts. Try again after the number of seconds in Retry-After.",
                Extensions = { ["code"] = RateLimitedCode },
            },
        });
    }
}

/// <summary>The per-email half of the limits: the email is in the body, so it is counted once the body is bound.</summary>
public sealed class EmailRateLimiter(AccountLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter =
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => AccountLimits.WindowOf(limits.PerEmail)));

    public RateLimitLease Acquire(string policy, string normalizedEmail) => _limiter.AttemptAcquire(policy + " " + normalizedEmail);

    public void Dispose() => _limiter.Dispose();

    /// <summary>An endpoint filter counting the request against the email its body names.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter<TRequest>(string policy, Func<TRequest, string?> emailOf) =>
        async (context, next) =>
        {
            var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
            if (request is null)
                return await next(context);
            using var lease = context.HttpContext.RequestServices.GetRequiredService<EmailRateLimiter>()
                .Acquire(policy, EmailAddress.Normalize(emailOf(request)));
            if (lease.IsAcquired)
                return await next(context);
            await AccountLimits.RejectAsync(context.HttpContext, lease);
            return Results.Empty;
        };
}

public static class AccountSetup
{
    /// <summary>Rate limits, the forwarded client IP they count, and the token and account services.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = AccountLimits.From(configuration, out _);
        services.AddSingleton(limits);
        services.AddSingleton<EmailRateLimiter>();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            foreach (var network in limits.TrustedProxies)
                options.KnownIPNetworks.Add(network);
        });
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => AccountLimits.RejectAsync(context.HttpContext, context.Lease);
            options.AddPolicy(AccountLimits.SignUpPolicy, http => AccountLimits.PerIpPartition(http, limits.PerIp));
            options.AddPolicy(AccountLimits.LogInPolicy, http => AccountLimits.PerIpPartition(http, limits.PerIp));
        });
        return services;
    }
}
