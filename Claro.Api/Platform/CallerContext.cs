using Claro.Api.Accounts;
using Claro.Platform;

namespace Claro.Api.Platform;

/// <summary>
/// Puts the authenticated HTTP caller into the Orleans request context for the rest of the
/// request, so every grain call an endpoint makes carries it, whether the grain is reached through
/// a gateway or runs in this process. <see cref="Caller.Use"/> still overrides it for one scope.
/// </summary>
public static class CallerContext
{
    public const string RoleClaim = "role";

    public static IApplicationBuilder UseCallerContext(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // Async, so the request context set here ends with this request.
        if (Of(http.User) is { } caller)
            RequestContext.Set(Caller.RequestContextKey, caller);
        await next(http);
    });

    /// <summary>The signed-in caller as grains see them; null when nobody is signed in.</summary>
    public static Caller? Of(System.Security.Claims.ClaimsPrincipal user) =>
        user is { Identity.IsAuthenticated: true }
            ? new Caller(user.UserId(), user.FindAll(RoleClaim).Select(c => c.Value).ToArray())
            : null;
}
