namespace Claro.Platform;

/// <summary>Every list pages the same way (API.md): <c>?limit=</c> from 1 to 100, 24 when absent.</summary>
public static class Paging
{
    public const int DefaultLimit = 24;
    public const int MaxLimit = 100;

    /// <summary>400 on <c>limit</c> outside 1-100.</summary>
    public static void Check(int limit)
    {
        if (limit is < 1 or > MaxLimit)
            throw new ValidationException("limit", $"A whole number from 1 to {MaxLimit}.");
    }
}
