using System.Text.Json;
using Claro.Tests.Platform;

namespace Claro.Tests.Discovery;

[Collection(ApiCollection.Name)]
public sealed class DiscoveryOpenApiTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/products")]
    [InlineData("/api/tenants/{tenant}/products")]
    public async Task The_openapi_document_describes_the_discovery_parameters(string path)
    {
        using var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"));

        var get = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "q", "category", "tags", "minPrice", "maxPrice", "sort", "cursor", "limit" }, parameters.ToHashSet());
        Assert.True(get.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(get.GetProperty("responses").TryGetProperty("503", out _));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_categories()
    {
        using var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"));

        Assert.True(document.RootElement.GetProperty("paths").GetProperty("/api/categories").TryGetProperty("get", out _));
    }
}
