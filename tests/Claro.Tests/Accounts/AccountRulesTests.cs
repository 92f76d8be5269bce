using Claro.Accounts;
using Claro.Api.Accounts;
using Microsoft.Extensions.Configuration;
using Claro.Platform;
using Claro.Tests.Platform;

namespace Claro.Tests.Accounts;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("  Ada@Example.COM ", "ada@example.com")]
    [InlineData("bob.smith+shop@mail.example.org", "bob.smith+shop@mail.example.org")]
    public void Emails_are_compared_trimmed_and_lowercased(string input, string normalized)
    {
        Assert.Equal(normalized, EmailAddress.Normalize(input));
        Assert.Null(EmailAddress.Problem(EmailAddress.Normalize(input)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ada")]
    [InlineData("ada@example")]
    [InlineData("ada@@example.com")]
    [InlineData("a b@example.com")]
    [InlineData("ada <ada@example.com>")]
    [InlineData("ada@example.com.")]
    public void Anything_but_a_plain_address_is_not_an_email(string email)
    {
        Assert.NotNull(EmailAddress.Problem(EmailAddress.Normalize(email)));
    }

    [Fact]
    public void A_malformed_admin_email_list_stops_start_up_naming_the_setting()
    {
        var settings = TestSettings.For("Host=127.0.0.1;Database=claro");
        settings.AdminEmails = "root@example.com, not-an-email";

        var problem = Assert.Single(ClaroSettingsValidator.Problems(settings));

        Assert.Contains(ClaroSettings.AdminEmailsKey, problem);
    }

    [Fact]
    public void Admin_emails_are_normalised_like_account_emails()
    {
        Assert.Equal(["root@example.com", "ops@example.com"], AccountRules.AdminEmails(" Root@Example.com ,,ops@example.com"));
    }

    [Theory]
    [InlineData(AccountLimits.PerIpKey, "0")]
    [InlineData(AccountLimits.PerEmailKey, "five")]
    [InlineData(AccountLimits.TrustedProxiesKey, "10.0.0.0/8, proxy.example.com")]
    public void A_malformed_rate_limit_setting_stops_the_api_naming_it(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)])
            .Build();

        var problem = Assert.Single(AccountLimits.Problems(configuration));

        Assert.Contains(key, problem);
    }

    [Fact]
    public void Rate_limits_default_to_ten_a_minute_per_address_and_five_per_email()
    {
        var limits = AccountLimits.From(new ConfigurationBuilder().Build(), out var problems);

        Assert.Empty(problems);
        Assert.Equal((10, 5), (limits.PerIp, limits.PerEmail));
    }
}
