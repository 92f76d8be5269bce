using Microsoft.Extensions.Configuration;

namespace Claro.StripeEmulator.Tests;

public sealed class OptionsTests
{
    private static EmulatorOptions From(params (string Key, string Value)[] values) =>
        EmulatorOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build());

    [Fact]
    public void Defaults_match_the_documented_ones()
    {
        var options = From();

        Assert.Equal(12111, options.Port);
        Assert.Null(options.WebhookUrl);
        Assert.False(options.Chaos);
        Assert.Equal("2026-10-28.endive", options.ApiVersion);
        Assert.Equal(TimeSpan.FromSeconds(1), options.WebhookFirstRetry);
        Assert.Equal(8, options.WebhookAttempts);
    }

    [Fact]
    public void Environment_variable_wins_over_the_appsettings_key()
    {
        var options = From(("StripeEmulator:Chaos", "false"), ("CLARO_STRIPE_CHAOS", "1"), ("StripeEmulator:Port", "4242"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_x"), ("CLARO_STRIPE_WEBHOOK_URL", "http://127.0.0.1:5000/webhooks/stripe"));

        Assert.True(options.Chaos);
        Assert.Equal(4242, options.Port);
        Assert.Equal("whsec_x", options.WebhookSecret);
        Assert.Equal(new Uri("http://127.0.0.1:5000/webhooks/stripe"), options.WebhookUrl);
    }

    [Theory]
    [InlineData("CLARO_STRIPE_EMULATOR_PORT", "twelve")]
    [InlineData("CLARO_STRIPE_EMULATOR_PORT", "70000")]
    [InlineData("CLARO_STRIPE_WEBHOOK_URL", "ftp://example.com/hook")]
    [InlineData("CLARO_STRIPE_CHAOS", "maybe")]
    [InlineData("CLARO_STRIPE_WEBHOOK_ATTEMPTS", "0")]
    public void An_unusable_value_stops_start_up_naming_the_setting(string variable, string value)
    {
        var error = Assert.Throws<InvalidSettingException>(() => From((variable, value)));

        Assert.Contains(variable, error.Message);
    }
}
