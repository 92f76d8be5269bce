using Claro.Platform;

namespace Claro.Api.Tenants;

/// <summary>
/// Optional subdomain storefronts: with <c>CLARO_STOREFRONT_DOMAIN=shops.example.com</c>, a GET to
/// <c>https://{slug}.shops.example.com/</c> is served as <c>/api/tenants/{slug}</c>, and
/// <c>/products...</c> there as <c>/api/tenants/{slug}/products...</c> (product pages, reviews).
/// Other paths and other hosts are untouched. Off when the setting is absent.
/// </summary>
public sealed class StorefrontHosts
{
    public const string DomainKey = "CLARO_STOREFRONT_DOMAIN";

    private readonly string? _suffix;

    private StorefrontHosts(string? domain) => _suffix = domain is null ? null : "." + domain;

    public static StorefrontHosts From(IConfiguration configuration, out List<string> problems)
    {
        problems = [];
        var domain = configuration[DomainKey]?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(domain))
            return new StorefrontHosts(null);
        if (Uri.CheckHostName(domain) != UriHostNameType.Dns || !domain.Contains('.'))
        {
            problems.Add($"{DomainKey} must be a DNS name such as shops.example.com (no scheme, port or path); '{domain}' is not one.");
            return new StorefrontHosts(null);
        }
        return new StorefrontHosts(domain);
    }

    /// <summary>The storefront path a request on a storefront host stands for, or null to leave it alone.</summary>
    public string? Rewrite(string method, string host, string path)
    {
        if (_suffix is null || !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            || !host.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase))
            return null;
        var slug = host[..^_suffix.Length].ToLowerInvariant();
        if (Slug.Problem(slug) is not null)
            return null;
        return path is "" or "/" ? $"/api/tenants/{slug}"
            : path == "/products" || path.StartsWith("/products/", StringComparison.Ordinal)
                ? $"/api/tenants/{slug}{path}"
                : null;
    }
}

public static class StorefrontHostsExtensions
{
    /// <summary>Must run before routing, so the rewritten path is the one matched.</summary>
    public static IApplicationBuilder UseStorefrontHosts(this IApplicationBuilder app, StorefrontHosts hosts) =>
        app.Use((context, next) =>
        {
            if (hosts.Rewrite(context.Request.Method, context.Request.Host.Host, context.Request.Path.Value ?? "") is { } path)
                context.Request.Path = path;
            return next(context);
        });
}
