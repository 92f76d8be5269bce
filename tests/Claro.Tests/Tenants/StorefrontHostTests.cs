using System.Net;
using System.Text.Json;
using Claro.Api.Tenants;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using Microsoft.Extensions.Configuration;

namespace Claro.Tests.Tenants;

[Collection(ApiCollection.Name)]
public sealed class StorefrontHostTests(ApiFixture api)
{
    [Fact]
    public async Task A_storefront_subdomain_serves_that_tenants_storefront_products_and_product_pages()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();
        var visitor = api.CreateClient();

        Assert.Equal(await BodyAsync(visitor, $"/api/tenants/{shop.Slug}"), await BodyAsync(visitor, "/", $"{shop.Slug}.{ApiFixture.StorefrontDomain}"));
        var listed = await Eventually.ReturnsAsync(() => BodyAsync(visitor, "/products", $"{shop.Slug}.{ApiFixture.StorefrontDomain}"),
            body => body.Contains(product.ProductId, StringComparison.Ordinal));
        Assert.Equal(await BodyAsync(visitor, $"/api/tenants/{shop.Slug}/products"), listed);
        Assert.Equal(await BodyAsync(visitor, $"/api/tenants/{shop.Slug}/products/{product.Slug}"),
            await BodyAsync(visitor, $"/products/{product.Slug}", $"{shop.Slug.ToUpperInvariant()}.{ApiFixture.StorefrontDomain}:8443"));
    }

    [Fact]
    public async Task An_unknown_storefront_subdomain_is_the_usual_404_and_other_hosts_and_paths_are_untouched()
    {
        var visitor = api.CreateClient();
        var unknown = await SendAsync(visitor, "/", $"{CatalogScenario.NewSlug("nobody")}.{ApiFixture.StorefrontDomain}");
        var missingTenant = await visitor.GetAsync($"/api/tenants/{CatalogScenario.NewSlug("nobody")}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await missingTenant.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(visitor, "/", ApiFixture.StorefrontDomain)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(visitor, "/health/live", $"some-shop.{ApiFixture.StorefrontDomain}")).StatusCode);
    }

    [Theory]
    [InlineData("https://shops.example.com")]
    [InlineData("shops.example.com:443")]
    [InlineData("localhost")]
    public void A_storefront_domain_that_is_not_a_dns_name_stops_the_api_naming_the_setting(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(StorefrontHosts.DomainKey, (string?)value)])
            .Build();

        StorefrontHosts.From(configuration, out var problems);

        Assert.Contains(StorefrontHosts.DomainKey, Assert.Single(problems));
    }

    private static async Task<string> BodyAsync(HttpClient client, string path, string? host = null)
    {
        var response = await SendAsync(client, path, host);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetRawText();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null)
            request.Headers.Host = host;
        return client.SendAsync(request);
    }
}
