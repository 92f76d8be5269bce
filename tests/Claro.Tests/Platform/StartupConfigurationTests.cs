using System.Diagnostics;
using Claro.Platform;
using Claro.Silo.Hosting;

namespace Claro.Tests.Platform;

/// <summary>Starts the real host executables with one setting missing or malformed.</summary>
public sealed class StartupConfigurationTests
{
    public static TheoryData<string, string> RequiredSettings()
    {
        var data = new TheoryData<string, string>();
        foreach (var host in new[] { "Claro.Silo", "Claro.Api" })
        {
            foreach (var key in new[]
            {
                ClaroSettings.DatabaseKey, ClaroSettings.StripeSecretKeyKey, ClaroSettings.StripeWebhookSecretKey,
                ClaroSettings.TokenSigningKeyKey, ClaroSettings.PublicBaseUrlKey, ClaroSettings.FileStorePathKey,
            })
            {
                data.Add(host, key);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public async Task A_missing_setting_stops_the_host_with_a_message_naming_it(string host, string key)
    {
        var (exitCode, error) = await RunAsync(host, key, value: null);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, error);
    }

    [Theory]
    [InlineData("Claro.Silo", ClaroSettings.TokenSigningKeyKey, "too-short")]
    [InlineData("Claro.Api", ClaroSettings.TokenSigningKeyKey, "too-short")]
    [InlineData("Claro.Api", ClaroSettings.DatabaseKey, "this is not a connection string")]
    [InlineData("Claro.Silo", ClaroSettings.StripeWebhookSecretKey, "not-a-whsec")]
    [InlineData("Claro.Api", ClaroSettings.PublicBaseUrlKey, "shop.example.com")]
    [InlineData("Claro.Silo", ClaroSettings.SearchTimeoutKey, "0")]
    [InlineData("Claro.Silo", ClaroSettings.SearchTimeoutKey, "five")]
    [InlineData("Claro.Api", global::Claro.Api.Platform.ClusterConnection.HostsSiloKey, "sometimes")]
    public async Task A_malformed_setting_stops_the_host_with_a_message_naming_it(string host, string key, string value)
    {
        var (exitCode, error) = await RunAsync(host, key, value);

        Assert.Equal(StartupFailure.ExitCode, exitCode);
        Assert.Contains(key, error);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task An_api_whose_database_cannot_be_reached_stops_with_a_message_naming_the_setting(string hostsSilo)
    {
        // Well-formed, and nothing listens there: hosting a silo the API fails migrating, as a client looking for gateways.
        var (exitCode, error) = await RunAsync("Claro.Api", ClaroSettings.DatabaseKey, $"Host=127.0.0.1;Port={FreePorts.Next()};Username=claro;Database=claro;Timeout=5",
            (global::Claro.Api.Platform.ClusterConnection.HostsSiloKey, hostsSilo));

        Assert.Equal(StartupFailure.ExitCode, exitCode);
        Assert.Contains(ClaroSettings.DatabaseKey, error);
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string host, string key, string? value, params (string Key, string Value)[] more)
    {
        var settings = TestSettings.For("Host=127.0.0.1;Port=1;Username=claro;Database=claro").AsConfiguration();
        foreach (var (name, setting) in more)
            settings[name] = setting;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostAssembly(host));
        foreach (var (name, setting) in settings)
            start.Environment[name] = setting;
        if (value is null)
            start.Environment.Remove(key);
        else
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{host} kept running with {key} = {value ?? "(unset)"}: it should have refused to start.");
        }
        return (process.ExitCode, await error + await output);
    }

    private static string HostAssembly(string host)
    {
        // The host's own build output, next to its runtimeconfig.json, in the configuration the tests were built in.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(Repository.Root, host, "bin", configuration, "net10.0", host + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
    }
}
