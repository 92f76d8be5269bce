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
    public async Task The_openapi_document_describes_health_the_webhook_body_and_downloads()
    {
        using var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var health in new[] { "/health/live", "/health/ready" })
            Assert.True(paths.GetProperty(health).GetProperty("get").GetProperty("responses").TryGetProperty("200", out _), health);
        Assert.True(paths.GetProperty("/api/webhooks/stripe").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var download = paths.GetProperty("/api/downloads/{token}").GetProperty("get").GetProperty("responses");
        Assert.True(download.GetProperty("200").GetProperty("content").TryGetProperty("application/octet-stream", out _));
    }

    [Fact]
    public async Task Lists_that_fit_one_page_still_say_there_is_no_next_one()
    {
        foreach (var (client, path) in new[] { (api.CreateClient(), "/api/categories"), (api.CreateClient(userId: "u_lists"), "/api/carts") })
        {
            using var list = JsonDocument.Parse(await client.GetStringAsync(path));
            Assert.Equal(JsonValueKind.Array, list.RootElement.GetProperty("items").ValueKind);
            Assert.Equal(JsonValueKind.Null, list.RootElement.GetProperty("nextCursor").ValueKind);
        }
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem()
    {
        var client = api.CreateClient(userId: "u_garbage");
        var response = await client.PostAsync("/api/tenants", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed", errorsFor: "body");
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_a_400_problem_naming_it_without_naming_dotnet_types()
    {
        var client = api.CreateClient(userId: "u_wrong_type");
        var response = await client.PostAsync("/api/tenants", new StringContent("{\"name\": 5}", System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed", errorsFor: "name");
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("System.", body);
        Assert.DoesNotContain("Claro.", body);
    }

    [Fact]
    public async Task A_limit_that_is_not_a_number_is_a_400_problem_naming_it()
    {
        var response = await api.CreateClient().GetAsync("/api/tenants?limit=ten");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed", errorsFor: "limit");
    }

    [Fact]
    public async Task A_signed_in_route_without_a_token_is_a_401_problem_with_a_code()
    {
        var response = await api.CreateClient().GetAsync("/api/library");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_route_asked_with_a_method_it_does_not_take_is_a_405_problem_with_a_code()
    {
        var response = await api.CreateClient().DeleteAsync("/api/categories");

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    /// <summary>Every error is problem+json with a code and a detail (API.md), and names the fields at fault.</summary>
    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? errorsFor = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        if (errorsFor is not null)
            Assert.NotEmpty(problem.RootElement.GetProperty("errors").GetProperty(errorsFor).EnumerateArray());
    }
}
