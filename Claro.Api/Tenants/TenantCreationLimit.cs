using System.Threading.RateLimiting;
using Claro.Api.Accounts;
using Microsoft.AspNetCore.RateLimiting;

namespace Claro.Api.Tenants;

/// <summary>A signed-in user opens at most <see cref="PerHour"/> storefronts an hour: enough for anyone honest.</summary>
public static class TenantCreationLimit
{
    public const string Policy = "tenant-creation";
    public const int PerHour = 10;

    public static IServiceCollection AddTenantCreationLimit(this IServiceCollection services) =>
        services.AddRateLimiter(options => options.AddPolicy(Policy, http =>
            RateLimitPartition.GetFixedWindowLimiter(http.User.UserId(), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = PerHour,
                Window = TimeSpan.FromHours(1),
                QueueLimit = 0,
            })));
}
