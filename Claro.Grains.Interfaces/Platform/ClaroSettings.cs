using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Claro.Platform;

/// <summary>
/// Every setting both hosts need, read from flat keys so that an environment variable and an
/// appsettings entry have the same name (e.g. <c>STRIPE_WEBHOOK_SECRET</c>).
/// </summary>
public sealed class ClaroSettings
{
    public const string DatabaseKey = "CLARO_DATABASE";
    public const string ClusterIdKey = "CLARO_CLUSTER_ID";
    public const string ServiceIdKey = "CLARO_SERVICE_ID";
    public const string StripeSecretKeyKey = "STRIPE_SECRET_KEY";
    public const string StripeWebhookSecretKey = "STRIPE_WEBHOOK_SECRET";
    public const string StripeApiBaseKey = "STRIPE_API_BASE";
    public const string TokenSigningKeyKey = "CLARO_TOKEN_SIGNING_KEY";
    public const string PublicBaseUrlKey = "CLARO_PUBLIC_BASE_URL";
    public const string FileStorePathKey = "CLARO_FILE_STORE_PATH";
    public const string AdminEmailsKey = "CLARO_ADMIN_EMAILS";
    public const string MaxUploadBytesKey = "CLARO_MAX_UPLOAD_BYTES";
    public const string DefaultFeeRateKey = "CLARO_DEFAULT_FEE_BPS";
    public const string SearchTimeoutKey = "CLARO_SEARCH_TIMEOUT_SECONDS";

    public string Database { get; set; } = "";
    public string ClusterId { get; set; } = "claro";
    public string ServiceId { get; set; } = "claro";
    public string StripeSecretKey { get; set; } = "";
    public string StripeWebhookSecret { get; set; } = "";
    public string StripeApiBase { get; set; } = "https://api.stripe.com";
    public string TokenSigningKey { get; set; } = "";
    public string PublicBaseUrl { get; set; } = "";
    public string FileStorePath { get; set; } = "";

    /// <summary>Comma-separated emails whose accounts have the platform role <c>admin</c>.</summary>
    public string AdminEmails { get; set; } = "";

    /// <summary>The largest deliverable file a creator may upload, in bytes (default 100 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The platform's cut of a new tenant's sales, in basis points (1000 = 10%).</summary>
    public int DefaultFeeRateBps { get; set; } = 1000;

    /// <summary>How long one discovery query may run in PostgreSQL before it is cancelled and answered 503, in seconds.</summary>
    public int SearchTimeoutSeconds { get; set; } = 5;

    public static ClaroSettings From(IConfiguration configuration)
    {
        var settings = new ClaroSettings();
        settings.Bind(configuration);
        return settings;
    }

    public void Bind(IConfiguration configuration)
    {
        Database = configuration[DatabaseKey] ?? Database;
        ClusterId = configuration[ClusterIdKey] ?? ClusterId;
        ServiceId = configuration[ServiceIdKey] ?? ServiceId;
        StripeSecretKey = configuration[StripeSecretKeyKey] ?? StripeSecretKey;
        StripeWebhookSecret = configuration[StripeWebhookSecretKey] ?? StripeWebhookSecret;
        StripeApiBase = configuration[StripeApiBaseKey] ?? StripeApiBase;
        TokenSigningKey = configuration[TokenSigningKeyKey] ?? TokenSigningKey;
        PublicBaseUrl = configuration[PublicBaseUrlKey] ?? PublicBaseUrl;
        FileStorePath = configuration[FileStorePathKey] ?? FileStorePath;
        AdminEmails = configuration[AdminEmailsKey] ?? AdminEmails;
        MaxUploadBytes = configuration[MaxUploadBytesKey] is { } maxUpload
            ? long.TryParse(maxUpload, out var bytes) ? bytes : -1
            : MaxUploadBytes;
        DefaultFeeRateBps = configuration[DefaultFeeRateKey] is { } fee
            ? int.TryParse(fee, out var bps) ? bps : -1
            : DefaultFeeRateBps;
        SearchTimeoutSeconds = configuration[SearchTimeoutKey] is { } timeout
            ? int.TryParse(timeout, out var seconds) ? seconds : -1
            : SearchTimeoutSeconds;
    }

    /// <summary>The settings as the flat keys <see cref="Bind"/> reads: to start another host (a test, a benchmark) with the same ones.</summary>
    public Dictionary<string, string> ToConfiguration() => new()
    {
        [DatabaseKey] = Database,
        [ClusterIdKey] = ClusterId,
        [ServiceIdKey] = ServiceId,
        [StripeSecretKeyKey] = StripeSecretKey,
        [StripeWebhookSecretKey] = StripeWebhookSecret,
        [StripeApiBaseKey] = StripeApiBase,
        [TokenSigningKeyKey] = TokenSigningKey,
        [PublicBaseUrlKey] = PublicBaseUrl,
        [FileStorePathKey] = FileStorePath,
        [AdminEmailsKey] = AdminEmails,
        [MaxUploadBytesKey] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [DefaultFeeRateKey] = DefaultFeeRateBps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [SearchTimeoutKey] = SearchTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>One line per bad setting, each naming the setting, so start-up fails before any request.</summary>
public sealed class ClaroSettingsValidator : IValidateOptions<ClaroSettings>
{
    public const int MinimumSigningKeyBytes = 32;
    public const int MaximumFeeRateBps = 5000;
    public const int MaximumSearchTimeoutSeconds = 300;

    public ValidateOptionsResult Validate(string? name, ClaroSettings settings)
    {
        var errors = Problems(settings).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IEnumerable<string> Problems(ClaroSettings s)
    {
        if (string.IsNullOrWhiteSpace(s.Database))
            yield return $"{ClaroSettings.DatabaseKey} is required: a PostgreSQL connection string (Host=...;Port=...;Username=...;Database=...).";
        else if (!IsConnectionString(s.Database))
            yield return $"{ClaroSettings.DatabaseKey} is not a valid PostgreSQL connection string: it needs at least Host=... (and is key=value pairs separated by ';').";

        if (!IsIdentifier(s.ClusterId))
            yield return $"{ClaroSettings.ClusterIdKey} must be 1-150 letters, digits, '-', '_' or '.'.";
        if (!IsIdentifier(s.ServiceId))
            yield return $"{ClaroSettings.ServiceIdKey} must be 1-150 letters, digits, '-', '_' or '.'.";

        if (string.IsNullOrWhiteSpace(s.StripeSecretKey))
            yield return $"{ClaroSettings.StripeSecretKeyKey} is required (sk_test_... or sk_live_...).";
        else if (!s.StripeSecretKey.StartsWith("sk_test_", StringComparison.Ordinal) && !s.StripeSecretKey.StartsWith("sk_live_", StringComparison.Ordinal))
            yield return $"{ClaroSettings.StripeSecretKeyKey} must start with sk_test_ or sk_live_.";

        if (string.IsNullOrWhiteSpace(s.StripeWebhookSecret))
            yield return $"{ClaroSettings.StripeWebhookSecretKey} is required: the whsec_... signing secret of the Stripe webhook endpoint.";
        else if (!s.StripeWebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
            yield return $"{ClaroSettings.StripeWebhookSecretKey} must start with whsec_.";

        if (!IsHttpUrl(s.StripeApiBase))
            yield return $"{ClaroSettings.StripeApiBaseKey} must be an absolute http(s) URL.";

        if (string.IsNullOrEmpty(s.TokenSigningKey))
            yield return $"{ClaroSettings.TokenSigningKeyKey} is required: at least {MinimumSigningKeyBytes} bytes of secret.";
        else if (System.Text.Encoding.UTF8.GetByteCount(s.TokenSigningKey) < MinimumSigningKeyBytes)
            yield return $"{ClaroSettings.TokenSigningKeyKey} is too short: it must be at least {MinimumSigningKeyBytes} bytes.";

        if (string.IsNullOrWhiteSpace(s.PublicBaseUrl))
            yield return $"{ClaroSettings.PublicBaseUrlKey} is required: the absolute URL buyers reach Claro at (e.g. https://shop.example.com).";
        else if (!IsHttpUrl(s.PublicBaseUrl))
            yield return $"{ClaroSettings.PublicBaseUrlKey} must be an absolute http(s) URL.";

        if (string.IsNullOrWhiteSpace(s.FileStorePath))
            yield return $"{ClaroSettings.FileStorePathKey} is required: the folder where uploaded product files are kept.";
        else if (!Path.IsPathFullyQualified(s.FileStorePath))
            yield return $"{ClaroSettings.FileStorePathKey} must be an absolute path.";

        if (Claro.Accounts.AccountRules.AdminEmailsProblem(s.AdminEmails) is { } adminEmails)
            yield return adminEmails;
        if (s.MaxUploadBytes <= 0)
            yield return $"{ClaroSettings.MaxUploadBytesKey} must be a whole number of bytes greater than 0.";

        if (s.DefaultFeeRateBps is < 0 or > MaximumFeeRateBps)
            yield return $"{ClaroSettings.DefaultFeeRateKey} must be a whole number of basis points from 0 to {MaximumFeeRateBps}.";
        if (s.SearchTimeoutSeconds is < 1 or > MaximumSearchTimeoutSeconds)
            yield return $"{ClaroSettings.SearchTimeoutKey} must be a whole number of seconds from 1 to {MaximumSearchTimeoutSeconds}.";
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsIdentifier(string value) =>
        value.Length is > 0 and <= 150 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsConnectionString(string value)
    {
        try
        {
            var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = value };
            return builder.ContainsKey("Host") || builder.ContainsKey("Server");
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
