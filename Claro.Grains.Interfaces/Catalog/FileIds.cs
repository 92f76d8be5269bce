using System.Text.RegularExpressions;

namespace Claro.Catalog;

/// <summary>
/// A deliverable file's id names the tenant it was uploaded for, <c>f_{tenantId}_{32 hex}</c>, so the
/// product grain refuses another tenant's file whoever asks. Files uploaded before carried no tenant
/// (<c>f_{32 hex}</c>): they stay on the products they were added to, and no product takes one again.
/// </summary>
public static partial class FileIds
{
    public static string New(string tenantId) =>
        TenantIdPattern().IsMatch(tenantId)
            ? $"f_{tenantId}_{Guid.NewGuid():N}"
            : throw new ArgumentException("A tenant id of letters, digits and underscores.", nameof(tenantId));

    public static bool BelongsTo(string fileId, string tenantId) =>
        fileId.Length == tenantId.Length + 35 && fileId.StartsWith($"f_{tenantId}_", StringComparison.Ordinal) && IsWellFormed(fileId);

    /// <summary>Either form: safe as a file name.</summary>
    public static bool IsWellFormed(string fileId) => FileIdPattern().IsMatch(fileId);

    [GeneratedRegex("^[A-Za-z0-9_]{1,100}$")]
    private static partial Regex TenantIdPattern();

    [GeneratedRegex("^f_(?:[A-Za-z0-9_]{1,100}_)?[0-9a-f]{32}$")]
    private static partial Regex FileIdPattern();
}
