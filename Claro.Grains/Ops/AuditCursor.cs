using System.Globalization;
using Claro.Platform;

namespace Claro.Ops;

/// <summary>
/// The cursor of a page of audit rows, newest first: the audit id of the page's last row. Altering
/// it only moves within the rows the query already limits the caller to.
/// </summary>
public static class AuditCursor
{
    public static string After(long auditId) => auditId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The audit id rows must be older than; null for the first page.</summary>
    public static long? Before(string? cursor) =>
        cursor is null ? null
        : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var auditId) ? auditId
        : throw new ValidationException("cursor", "Not a cursor this list gave out.");
}
