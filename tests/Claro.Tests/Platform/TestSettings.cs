using Claro.Platform;

namespace Claro.Tests.Platform;

public static class TestSettings
{
    public const string WebhookSecret = "whsec_test_claro_webhook_secret";
    public const string SigningKey = "test-signing-key-that-is-long-enough-0123456789";

    public static ClaroSettings For(string database, string? clusterId = null) => new()
    {
        Database = database,
        ClusterId = clusterId ?? "test-" + Guid.NewGuid().ToString("N")[..8],
        ServiceId = "claro-test",
        StripeSecretKey = "sk_test_claro",
        StripeWebhookSecret = WebhookSecret,
        StripeApiBase = "http://127.0.0.1:12111",
        TokenSigningKey = SigningKey,
        PublicBaseUrl = "http://localhost:5080",
        FileStorePath = Path.Combine(Path.GetTempPath(), "claro-test-files"),
    };

    /// <summary>The settings as the flat keys both hosts read, e.g. for environment variables.</summary>
    public static Dictionary<string, string> AsConfiguration(this ClaroSettings s) => s.ToConfiguration();

    /// <summary>
    /// The settings of an API copy that is an Orleans client of a test cluster's silos: left alone,
    /// the API runs a silo of its own.
    /// </summary>
    public static Dictionary<string, string> AsApiClientConfiguration(this ClaroSettings s)
    {
        var configuration = s.ToConfiguration();
        configuration[global::Claro.Api.Platform.ClusterConnection.HostsSiloKey] = "false";
        return configuration;
    }
}
