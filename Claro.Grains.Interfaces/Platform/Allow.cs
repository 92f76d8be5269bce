namespace Claro.Platform;

/// <summary>
/// Who may call a grain method. Every grain interface method declares it with <see cref="AllowAttribute"/>;
/// an incoming grain call filter enforces it in the silo, and refuses a method that declares nothing.
/// A refusal is the same <see cref="NotFoundException"/> a missing thing gives.
/// </summary>
public enum Who
{
    /// <summary>Anybody, signed in or not: public storefront reads.</summary>
    Anyone,

    /// <summary>Any signed-in caller.</summary>
    SignedIn,

    /// <summary>The caller whose user id is the grain's key, or the key's first segment (<c>{userId}/...</c>).</summary>
    Self,

    /// <summary>A member (staff, admin or owner) of the tenant the grain belongs to.</summary>
    TenantStaff,

    /// <summary>An admin or the owner of the tenant the grain belongs to.</summary>
    TenantAdmin,

    /// <summary>The owner of the tenant the grain belongs to.</summary>
    TenantOwner,

    /// <summary>A caller with the platform role <c>ops</c> or <c>admin</c>.</summary>
    Ops,

    /// <summary>A caller with the platform role <c>admin</c>.</summary>
    PlatformAdmin,

    /// <summary>Another grain (never a client such as the API): internal steps of a larger operation.</summary>
    Internal,
}

/// <summary>Declares who may call this grain interface method; any one of the listed is enough.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AllowAttribute(params Who[] who) : Attribute
{
    public IReadOnlyList<Who> Who { get; } = who;
}

/// <summary>
/// Grain keys of tenant-owned things start with the tenant id: <c>{tenantId}</c> for the tenant,
/// <c>{tenantId}/{id}</c> for its products and their stock. So which tenant a grain belongs to is
/// known from its key alone, and another tenant's id can never address it.
/// </summary>
public static class TenantKey
{
    public const char Separator = '/';

    public static string For(string tenantId, string id) => tenantId + Separator + id;

    public static string TenantOf(string grainKey)
    {
        var slash = grainKey.IndexOf(Separator);
        return slash < 0 ? grainKey : grainKey[..slash];
    }

    public static string IdOf(string grainKey)
    {
        var slash = grainKey.IndexOf(Separator);
        return slash < 0 ? grainKey : grainKey[(slash + 1)..];
    }
}

/// <summary>Per-tenant roles, weakest first.</summary>
public enum TenantRole
{
    Staff = 1,
    Admin = 2,
    Owner = 3,
}

/// <summary>Platform role names carried by accounts.</summary>
public static class PlatformRoles
{
    public const string Customer = "customer";
    public const string Creator = "creator";
    public const string Ops = "ops";
    public const string Admin = "admin";
}
