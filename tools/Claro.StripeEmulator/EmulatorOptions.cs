using System.Globalization;

namespace Claro.StripeEmulator;

/// <summary>
/// Settings, each read from its environment variable or else from the <c>StripeEmulator</c>
/// section of appsettings (e.g. <c>CLARO_STRIPE_CHAOS</c> or <c>StripeEmulator:Chaos</c>).
/// A value that cannot be used stops the start-up with a message naming the setting.
/// </summary>
public sealed record EmulatorOptions
{
    public const string DefaultApiVersion = "2026-10-28.endive";

    public int Port { get; init; } = 12111;
    public string WebhookSecret { get; init; } = "whsec_claro_emulator";
    public Uri? WebhookUrl { get; init; }
    public bool Chaos { get; init; }
    public string ApiVersion { get; init; } = DefaultApiVersion;
    public TimeSpan WebhookFirstRetry { get; init; } = TimeSpan.FromSeconds(1);
    public int WebhookAttempts { get; init; } = 8;
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public double ChaosDuplicateShare { get; init; } = 0.2;
    public double ChaosReorderShare { get; init; } = 0.2;
    public TimeSpan ChaosDelay { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan ExpiryCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Base of the hosted pages' URLs; by default the scheme and host the API was called on.</summary>
    public string? PublicUrl { get; init; }

    public static EmulatorOptions From(IConfiguration config)
    {
        var defaults = new EmulatorOptions();
        return new EmulatorOptions
        {
            Port = Read(config, "CLARO_STRIPE_EMULATOR_PORT", "Port", defaults.Port, int.Parse, p => p is >= 0 and <= 65535),
            WebhookSecret = Read(config, "STRIPE_WEBHOOK_SECRET", "WebhookSecret", defaults.WebhookSecret, s => s, s => s.Length > 0),
            WebhookUrl = Read<Uri?>(config, "CLARO_STRIPE_WEBHOOK_URL", "WebhookUrl", null,
                s => new Uri(s, UriKind.Absolute), u => u is null || u.Scheme is "http" or "https"),
            Chaos = Read(config, "CLARO_STRIPE_CHAOS", "Chaos", false, Flag, _ => true),
            ApiVersion = Read(config, "CLARO_STRIPE_API_VERSION", "ApiVersion", defaults.ApiVersion, s => s, s => s.Length > 0),
            WebhookFirstRetry = Read(config, "CLARO_STRIPE_WEBHOOK_FIRST_RETRY_MS", "WebhookFirstRetryMs", defaults.WebhookFirstRetry, Milliseconds, t => t >= TimeSpan.Zero),
            WebhookAttempts = Read(config, "CLARO_STRIPE_WEBHOOK_ATTEMPTS", "WebhookAttempts", defaults.WebhookAttempts, int.Parse, n => n >= 1),
            WebhookTimeout = Read(config, "CLARO_STRIPE_WEBHOOK_TIMEOUT_MS", "WebhookTimeoutMs", defaults.WebhookTimeout, Milliseconds, t => t > TimeSpan.Zero),
            ChaosDuplicateShare = Read(config, "CLARO_STRIPE_CHAOS_DUPLICATE_SHARE", "ChaosDuplicateShare", defaults.ChaosDuplicateShare, Share, s => s is >= 0 and <= 1),
            ChaosReorderShare = Read(config, "CLARO_STRIPE_CHAOS_REORDER_SHARE", "ChaosReorderShare", defaults.ChaosReorderShare, Share, s => s is >= 0 and <= 1),
            ChaosDelay = Read(config, "CLARO_STRIPE_CHAOS_DELAY_MS", "ChaosDelayMs", defaults.ChaosDelay, Milliseconds, t => t >= TimeSpan.Zero),
            ExpiryCheckInterval = Read(config, "CLARO_STRIPE_EXPIRY_CHECK_MS", "ExpiryCheckMs", defaults.ExpiryCheckInterval, Milliseconds, t => t > TimeSpan.Zero),
            PublicUrl = Read<string?>(config, "CLARO_STRIPE_PUBLIC_URL", "PublicUrl", null, s => s.TrimEnd('/'), s => s is null || Uri.IsWellFormedUriString(s, UriKind.Absolute)),
        };
    }

    private static TimeSpan Milliseconds(string s) => TimeSpan.FromMilliseconds(double.Parse(s, CultureInfo.InvariantCulture));

    private static bool Flag(string s) => s.ToLowerInvariant() switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        _ => throw new FormatException("expected 0 or 1"),
    };

    private static double Share(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static T Read<T>(IConfiguration config, string variable, string key, T fallback, Func<string, T> parse, Func<T, bool> valid)
    {
        var text = config[variable] is { Length: > 0 } fromEnvironment ? fromEnvironment : config[$"StripeEmulator:{key}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        T value;
        try
        {
            value = parse(text.Trim());
        }
        catch (Exception e) when (e is FormatException or OverflowException or UriFormatException)
        {
            throw new InvalidSettingException($"Setting {variable} (StripeEmulator:{key}) has an unusable value '{text}': {e.Message}", e);
        }
        return valid(value)
            ? value
            : throw new InvalidSettingException($"Setting {variable} (StripeEmulator:{key}) is out of range: '{text}'.");
    }
}

public sealed class InvalidSettingException(string message, Exception? inner = null) : Exception(message, inner);
