using System.Net;
using System.Text.Json;
using Claro.Tests.Platform;

namespace Claro.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class CatalogOpenApiTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/tenants/{tenant}/admin/products", "get")]
    [InlineData("/api/tenants/{tenant}/admin/products", "post")]
    [InlineData("/api/tenants/{tenant}/admin/products/{productId}", "get")]
    [InlineData("/api/tenants/{tenant}/admin/products/{productId}", "patch")]
    [InlineData("/api/tenants/{tenant}/admin/products/{productId}", "delete")]
    [InlineData("/api/tenants/{tenant}/admin/products/{productId}/files", "post")]
    [InlineData("/api/tenants/{tenant}/admin/products/{productId}/keys", "post")]
    [InlineData("/api/tenants/{tenant}/admin/products/{productId}/keys", "get")]
    [InlineData("/api/tenants/{tenant}/products/{product}", "get")]
    public async Task The_openapi_document_describes_each_catalog_route(string path, string method)
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(document.RootElement.GetProperty("paths").GetProperty(path).TryGetProperty(method, out _), $"{method} {path}");
    }
}
