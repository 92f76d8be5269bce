namespace Claro.Platform;

/// <summary>
/// The grain storage provider and the state names. Orleans keys a stored row by grain id and
/// state name, not grain type, so every grain type has a state name of its own.
/// </summary>
public static class StorageNames
{
    public const string Provider = "claro";

    public const string Tenant = "tenant";
    public const string TenantSlug = "tenant-slug";
}
