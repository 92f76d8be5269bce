using System.Text;

namespace Claro.Tenants;

/// <summary>The storefront slug rule: lowercase a-z, 0-9 and single hyphens, 3-48 characters, not reserved.</summary>
public static class TenantSlug
{
    public const int MinLength = 3;
    public const int MaxLength = 48;

    private static readonly HashSet<string> Reserved =
    [
        "admin", "api", "www", "app", "assets", "static", "cdn", "mail", "help", "support", "status",
        "docs", "health", "openapi", "scalar", "login", "signup", "account", "accounts", "me",
        "ops", "billing", "checkout", "library", "downloads", "webhooks", "stripe", "claro",
    ];

    public static string? Problem(string slug)
    {
        if (slug.Length is < MinLength or > MaxLength)
            return $"Must be {MinLength}-{MaxLength} characters.";
        if (!slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            return "Only lowercase letters a-z, digits and hyphens.";
        if (slug.StartsWith('-') || slug.EndsWith('-') || slug.Contains("--", StringComparison.Ordinal))
            return "Hyphens go between letters or digits, one at a time.";
        if (Reserved.Contains(slug))
            return "This slug is reserved.";
        return null;
    }

    /// <summary>A slug made from a display name: ASCII letters and digits kept, the rest folded into hyphens.</summary>
    public static string FromName(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                slug.Append(c);
            else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark
                     && slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var text = slug.ToString().Trim('-');
        if (text.Length > MaxLength)
            text = text[..MaxLength].TrimEnd('-');
        return text.Length >= MinLength ? text : (text + "-shop").TrimStart('-');
    }
}
