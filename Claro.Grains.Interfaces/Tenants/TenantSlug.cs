using Claro.Platform;

namespace Claro.Tenants;

/// <summary>The storefront slug rule: lowercase a-z, 0-9 and single hyphens, 3-48 characters, not reserved.</summary>
public static class TenantSlug
{
    private static readonly HashSet<string> Reserved =
    [
        "admin", "api", "www", "app", "assets", "static", "cdn", "mail", "help", "support", "status",
        "docs", "health", "openapi", "scalar", "login", "signup", "account", "accounts", "me",
        "ops", "billing", "checkout", "library", "downloads", "webhooks", "stripe", "claro",
    ];

    public static string? Problem(string slug) =>
        Slug.Problem(slug) ?? (Reserved.Contains(slug) ? "This slug is reserved." : null);

    public static string FromName(string name) => Slug.From(name, "shop");
}
