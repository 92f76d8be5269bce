using Claro.Api.Accounts;
using Claro.Platform;

namespace Claro.Api.Platform;

/// <summary>Puts the authenticated HTTP caller into the request context of every grain call the API makes.</summary>
public sealed class CallerPropagation(IHttpContextAccessor http) : IOutgoingGrainCallFilter
{
    public const string RoleClaim = "role";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // A caller set explicitly (Caller.Use) wins; async keeps the change local to this call.
        if (Caller.Current is null && http.HttpContext?.User is { Identity.IsAuthenticated: true } user)
            RequestContext.Set(Caller.RequestContextKey, new Caller(user.UserId(), user.FindAll(RoleClaim).Select(c => c.Value).ToArray()));
        await context.Invoke();
    }
}
