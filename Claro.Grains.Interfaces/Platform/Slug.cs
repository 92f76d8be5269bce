using System.Text;

namespace Claro.Platform;

/// <summary>The shape every slug in a URL has: lowercase a-z, 0-9 and single inner hyphens, 3-48 characters.</summary>
public static class Slug
{
    public const int MinLength = 3;
    public const int MaxLength = 48;

    public static string? Problem(string slug)
    {
        if (slug.Length is < MinLength or > MaxLength)
            return $"Must be {MinLength}-{MaxLength} characters.";
        if (!slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            return "Only lowercase letters a-z, digits and hyphens.";
        if (slug.StartsWith('-') || slug.EndsWith('-') || slug.Contains("--", StringComparison.Ordinal))
            return "Hyphens go between letters or digits, one at a time.";
        return null;
    }

    /// <summary>
    /// A slug made from a display text: ASCII letters and digits kept (accents dropped), the rest
    /// folded into hyphens. Text with too few of them (say "AI", or another script) gets <paramref name="prefix"/> in front.
    /// </summary>
    public static string From(string text, string prefix)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                slug.Append(c);
            else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark
                     && slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var made = slug.ToString().Trim('-');
        if (made.Length > MaxLength)
            made = made[..MaxLength].TrimEnd('-');
        return made.Length >= MinLength ? made : (prefix + "-" + made).TrimEnd('-');
    }
}
