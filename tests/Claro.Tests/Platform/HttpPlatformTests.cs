using System.Net;
using System.Text.Json;

namespace Claro.Tests.Platform;

[Collection(ApiCollection.Name)]
public sealed class HttpPlatformTests(ApiFixture api)
{
    [Fact]
    public async Task Ready_is_200_when_a_grain_call_reaches_postgresql()
    {
        var response = await api.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Live_is_200()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_tenant_routes()
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/tenants", out _));
        Assert.True(paths.TryGetProperty("/api/tenants/{tenant}", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem()
    {
        var client = api.CreateClient(userId: "u_garbage");
        var response = await client.PostAsync("/api/tenants", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
