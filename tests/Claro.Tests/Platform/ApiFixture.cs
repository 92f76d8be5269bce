using System.Net.Http.Headers;
using Claro.Api.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Claro.Tests.Platform;

/// <summary>The real API host (its Program) as an Orleans client of a real test cluster.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    /// <summary>Subdomain storefronts are on in the tests' API: <c>{slug}.shops.test</c>.</summary>
    public const string StorefrontDomain = "shops.test";

    public ClaroTestCluster Claro { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Claro = await ClaroTestCluster.StartAsync();
        var configuration = Claro.Settings.AsApiClientConfiguration();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in configuration)
                web.UseSetting(key, value);
            web.UseSetting(global::Claro.Api.Tenants.StorefrontHosts.DomainKey, StorefrontDomain);
            // As deployed: some framework defaults (how a body that does not bind is answered) differ in Development.
            web.UseEnvironment(Environments.Production);
        });
    }

    public HttpClient CreateClient(string? userId = null)
    {
        var client = _factory.CreateClient();
        if (userId is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId));
        return client;
    }

    public string TokenFor(string userId) =>
        new BearerTokens(Claro.Settings, TimeProvider.System).Issue(userId).Token;

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Claro.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
