using Claro.Platform;
using Claro.Tests.Platform;
using Microsoft.Extensions.Configuration;

namespace Claro.Tests.Catalog;

public sealed class UploadLimitSettingTests
{
    [Fact]
    public void Without_the_setting_uploads_are_capped_at_100_mib()
    {
        Assert.Equal(100L * 1024 * 1024, new ClaroSettings().MaxUploadBytes);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("-5")]
    public void A_malformed_upload_limit_stops_start_up_with_a_line_naming_the_setting(string value)
    {
        var configuration = TestSettings.For("Host=localhost;Database=x").AsConfiguration();
        configuration[ClaroSettings.MaxUploadBytesKey] = value;
        var settings = ClaroSettings.From(new ConfigurationBuilder().AddInMemoryCollection(configuration!).Build());

        var problem = Assert.Single(ClaroSettingsValidator.Problems(settings));

        Assert.StartsWith(ClaroSettings.MaxUploadBytesKey, problem);
    }
}
