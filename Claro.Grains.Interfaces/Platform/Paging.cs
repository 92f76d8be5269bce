using System.Globalization;

namespace Claro.Platform;

/// <summary>Every list pages the same way (API.md): <c>?limit=</c> from 1 to 100, 24 when absent.</summary>
public static class Paging
{
    public const int DefaultLimit = 24;
    public const int MaxLimit = 100;

    public static readonly string LimitRule = $"A whole number from 1 to {MaxLimit}.";

    /// <summary>400 on <c>limit</c> outside 1-100.</summary>
    public static void Check(int limit)
    {
        if (limit is < 1 or > MaxLimit)
            throw new ValidationException("limit", LimitRule);
    }

    /// <summary>
    /// A <c>limit</c> query parameter as the client wrote it: <see cref="DefaultLimit"/> when blank,
    /// false unless it is a whole number from 1 to <see cref="MaxLimit"/>.
    /// </summary>
    public static bool TryParse(string? text, out int limit)
    {
        limit = DefaultLimit;
        return string.IsNullOrWhiteSpace(text)
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit);
    }

    /// <summary>The same, or 400 naming <c>limit</c>.</summary>
    public static int Parse(string? text) =>
        TryParse(text, out var limit) ? limit : throw new ValidationException("limit", LimitRule);
}
