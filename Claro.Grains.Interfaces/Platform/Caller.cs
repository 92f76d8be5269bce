namespace Claro.Platform;

/// <summary>
/// Who is calling, as the API authenticated them. It travels with every grain call in the Orleans
/// request context (set by the API's outgoing call filter) and flows on to the calls grains make.
/// Grains take the acting user from here, never from method arguments.
/// </summary>
[GenerateSerializer, Immutable, Alias("claro.caller")]
public sealed record Caller(
    [property: Id(0)] string UserId,
    [property: Id(1)] IReadOnlyList<string> Roles)
{
    public const string RequestContextKey = "claro.caller";

    /// <summary>The caller of the grain call being handled, or null for an anonymous one.</summary>
    public static Caller? Current => RequestContext.Get(RequestContextKey) as Caller;

    /// <summary>The signed-in caller; <see cref="NotFoundException"/> when there is none.</summary>
    public static Caller Required => Current ?? throw new NotFoundException();

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public bool IsOps => HasRole(PlatformRoles.Ops) || HasRole(PlatformRoles.Admin);

    /// <summary>Runs calls made inside the scope as this caller (tools, token checks); restores the previous caller after.</summary>
    public static IDisposable Use(Caller? caller)
    {
        var previous = Current;
        Set(caller);
        return new Restore(previous);
    }

    private static void Set(Caller? caller)
    {
        if (caller is null)
            RequestContext.Remove(RequestContextKey);
        else
            RequestContext.Set(RequestContextKey, caller);
    }

    private sealed class Restore(Caller? previous) : IDisposable
    {
        public void Dispose() => Set(previous);
    }
}
