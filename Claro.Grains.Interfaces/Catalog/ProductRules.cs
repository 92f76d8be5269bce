using Claro.Platform;

namespace Claro.Catalog;

/// <summary>Product visibility: what buyers can reach.</summary>
public static class Visibility
{
    /// <summary>Being written: only the tenant's members see it.</summary>
    public const string Draft = "draft";

    /// <summary>On its own storefront, never in marketplace discovery.</summary>
    public const string Private = "private";

    /// <summary>On the storefront and in marketplace discovery.</summary>
    public const string Public = "public";

    /// <summary>Off sale; kept so buyers who own it keep it in their library.</summary>
    public const string Archived = "archived";

    public static readonly IReadOnlyList<string> All = [Draft, Private, Public, Archived];

    /// <summary>Whether a product page is shown to anyone who asks.</summary>
    public static bool IsOnSale(string visibility) => visibility is Private or Public;
}

/// <summary>The platform's product categories; the grain checks against this list and the API lists it.</summary>
public static class Categories
{
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All =
        ["ebooks", "courses", "software", "music", "art", "templates", "photography", "fonts", "games", Other];
}

/// <summary>
/// Every rule a product's fields obey, in one place, so the grain that stores them and anyone
/// reading the code see the same limits.
/// </summary>
public static class ProductRules
{
    public const int MaxTitleLength = 140;
    public const long MinPrice = 50;
    public const long MaxPrice = 1_000_000;
    public const int MaxTags = 10;
    public const int MaxTagLength = 32;
    public const int MaxDescriptionLength = 5_000;
    public const int MaxContentLength = 200_000;
    public const int MaxFiles = 20;
    public const int MaxFileNameLength = 255;

    public static string? TitleProblem(string? title) =>
        title is null || title.Trim().Length is 0 or > MaxTitleLength ? $"Must be 1-{MaxTitleLength} characters." : null;

    /// <summary>Problems by field name (<c>price</c>, <c>price.amount</c>, <c>price.currency</c>).</summary>
    public static IEnumerable<(string Field, string Problem)> PriceProblems(Money? price)
    {
        if (price is not { } money)
        {
            yield return ("price", "Required: { amount, currency } in minor units.");
            yield break;
        }
        if (money.Amount is < MinPrice or > MaxPrice)
            yield return ("price.amount", $"Must be {MinPrice}-{MaxPrice} minor units (e.g. 1999 for 19.99).");
        if (!Currencies.IsSupported(NormaliseCurrency(money.Currency)))
            yield return ("price.currency", $"Must be one of: {string.Join(", ", Currencies.Supported)}.");
    }

    public static string NormaliseCurrency(string? currency) => (currency ?? "").Trim().ToLowerInvariant();

    public static string? VisibilityProblem(string visibility) =>
        Visibility.All.Contains(visibility) ? null : $"Must be one of: {string.Join(", ", Visibility.All)}.";

    public static string? CategoryProblem(string category) =>
        Categories.All.Contains(category) ? null : $"Must be one of: {string.Join(", ", Categories.All)}.";

    /// <summary>Tags trimmed and lowercased, repeats dropped; or the problems with them.</summary>
    public static (IReadOnlyList<string> Tags, IReadOnlyList<string> Problems) NormaliseTags(IEnumerable<string?> tags)
    {
        var normalised = new List<string>();
        var problems = new List<string>();
        foreach (var raw in tags)
        {
            var tag = (raw ?? "").Trim().ToLowerInvariant();
            if (tag.Length is 0 or > MaxTagLength)
                problems.Add($"Each tag must be 1-{MaxTagLength} characters ('{raw}' is not).");
            else if (!tag.All(c => char.IsLetterOrDigit(c) || c is '-' or ' '))
                problems.Add($"Tags hold letters, digits, spaces and hyphens only ('{raw}' does not).");
            else if (!normalised.Contains(tag))
                normalised.Add(tag);
        }
        if (normalised.Count > MaxTags)
            problems.Add($"At most {MaxTags} tags.");
        return (normalised, problems);
    }
}

/// <summary>
/// The product slug rule, in the style of the storefront slug: lowercase a-z, 0-9 and single
/// hyphens, 3-48 characters. Unique per tenant (<see cref="IProductSlugGrain"/>).
/// </summary>
public static class ProductSlug
{
    public static string? Problem(string slug) => Slug.Problem(slug);

    public static string FromTitle(string title) => Slug.From(title, "product");
}
