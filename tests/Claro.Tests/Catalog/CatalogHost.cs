using System.Net.Http.Headers;
using Claro.Api.Accounts;
using Claro.Api.Catalog;
using Claro.Platform;
using Claro.Tests.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Claro.Tests.Catalog;

/// <summary>
/// The real API host over a real test cluster, like <see cref="ApiFixture"/>, but on a database and
/// file store the test chooses and with extra settings: what restart, limit and timeout tests need.
/// Dispose it and start another on the same database and folder to restart everything.
/// </summary>
public sealed class CatalogHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private CatalogHost(ClaroTestCluster claro, WebApplicationFactory<Program> factory, string fileStorePath)
    {
        Claro = claro;
        _factory = factory;
        FileStorePath = fileStorePath;
    }

    public ClaroTestCluster Claro { get; }
    public string FileStorePath { get; }

    /// <summary>The same store the API writes through, reading the same folder.</summary>
    public IFileStore Files => new LocalDiskFileStore(FileStorePath);

    /// <param name="database">A new database when null.</param>
    /// <param name="fileStorePath">The test settings' folder when null.</param>
    /// <param name="settings">Settings for the API alone.</param>
    /// <param name="kestrel">Serve on real sockets through Kestrel, whose request body limits the in-memory test server does not apply.</param>
    /// <param name="configure">Settings for the silos, which the API is given too.</param>
    public static async Task<CatalogHost> StartAsync(string? database = null, string? fileStorePath = null,
        IReadOnlyDictionary<string, string>? settings = null, bool kestrel = false, Action<ClaroSettings>? configure = null)
    {
        var claro = await ClaroTestCluster.StartAsync(database, configure: configure);
        fileStorePath ??= claro.Settings.FileStorePath;
        var configuration = claro.Settings.AsApiClientConfiguration();
        configuration[ClaroSettings.FileStorePathKey] = fileStorePath;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            configuration[key] = value;
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in configuration)
                web.UseSetting(key, value);
        });
        if (kestrel)
        {
            factory.UseKestrel(0);
            factory.StartServer();
        }
        return new CatalogHost(claro, factory, fileStorePath);
    }

    public HttpClient CreateClient(string? userId = null)
    {
        var client = _factory.CreateClient();
        if (userId is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer", new BearerTokens(Claro.Settings, TimeProvider.System).Issue(userId).Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Claro.DisposeAsync();
    }
}
