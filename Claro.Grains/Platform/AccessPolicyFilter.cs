using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using Claro.Tenants;
using Microsoft.Extensions.Logging;

namespace Claro.Platform;

/// <summary>
/// The boundary in the data layer: every call to a Claro grain is checked against the
/// <see cref="AllowAttribute"/> its interface method declares, whoever made it (the API, a tool,
/// another grain). No declaration, no call. A refusal looks exactly like a missing thing.
/// </summary>
public sealed partial class AccessPolicyFilter(IGrainFactory grains, ILogger<AccessPolicyFilter> log) : IIncomingGrainCallFilter
{
    public const string MeterName = "Claro.Access";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>("claro.access.refusals", description: "Grain calls refused by their access policy");
    private static readonly ConcurrentDictionary<MethodInfo, IReadOnlyList<Who>?> Policies = new();
    private static readonly Assembly Contracts = typeof(AllowAttribute).Assembly;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (method is null || method.DeclaringType?.Assembly != Contracts)
        {
            // Orleans' own system calls (activation management, extensions) are not Claro's to police.
            await context.Invoke();
            return;
        }

        var caller = Caller.Current;
        var policy = PolicyOf(method);
        if (policy is null || !await AllowsAsync(policy, caller, context))
        {
            Refusals.Add(1, new KeyValuePair<string, object?>("method", $"{method.DeclaringType!.Name}.{method.Name}"));
            LogRefused(caller?.UserId ?? "(anonymous)", context.TargetId.ToString(), method.DeclaringType!.Name, method.Name, policy is null);
            throw new NotFoundException();
        }
        await context.Invoke();
    }

    /// <summary>The policy a grain interface method declares, or null when it declares none.</summary>
    public static IReadOnlyList<Who>? PolicyOf(MethodInfo method) =>
        Policies.GetOrAdd(method, m => m.GetCustomAttribute<AllowAttribute>()?.Who);

    private async ValueTask<bool> AllowsAsync(IReadOnlyList<Who> policy, Caller? caller, IIncomingGrainCallContext context)
    {
        foreach (var who in policy)
        {
            if (await AllowsAsync(who, caller, context))
                return true;
        }
        return false;
    }

    private async ValueTask<bool> AllowsAsync(Who who, Caller? caller, IIncomingGrainCallContext context) => who switch
    {
        Who.Anyone => true,
        Who.SignedIn => caller is not null,
        Who.Self => caller is not null && IsOwnKey(KeyOf(context), caller.UserId),
        Who.TenantStaff => await HasTenantRoleAsync(caller, context, TenantRole.Staff),
        Who.TenantAdmin => await HasTenantRoleAsync(caller, context, TenantRole.Admin),
        Who.TenantOwner => await HasTenantRoleAsync(caller, context, TenantRole.Owner),
        Who.Ops => caller?.IsOps == true,
        Who.PlatformAdmin => caller?.HasRole(PlatformRoles.Admin) == true,
        Who.Internal => context.SourceId is { } source && !GrainTypePrefix.IsClient(source),
        _ => false,
    };

    private async ValueTask<bool> HasTenantRoleAsync(Caller? caller, IIncomingGrainCallContext context, TenantRole required)
    {
        if (caller is null)
            return false;
        var tenantId = TenantKey.TenantOf(KeyOf(context));
        // The tenant grain answers for itself: calling itself from its own filter would deadlock.
        var role = context.Grain is ITenantMembership members
            ? members.RoleOf(caller.UserId)
            : await grains.GetGrain<ITenantGrain>(tenantId).GetMemberRoleAsync(caller.UserId);
        return role >= required;
    }

    private static bool IsOwnKey(string key, string userId) =>
        key == userId || (key.StartsWith(userId, StringComparison.Ordinal) && key.Length > userId.Length && key[userId.Length] == TenantKey.Separator);

    private static string KeyOf(IIncomingGrainCallContext context) => context.TargetId.Key.ToString() ?? "";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {UserId} calling {Interface}.{Method} on {Grain} (no policy declared: {Undeclared})")]
    private partial void LogRefused(string userId, string grain, string @interface, string method, bool undeclared);
}

/// <summary>Implemented by the tenant grain, so the filter can ask it about members without a grain call.</summary>
public interface ITenantMembership
{
    TenantRole? RoleOf(string userId);
}
