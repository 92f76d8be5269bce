using System.Net;
using System.Net.Http.Json;
using Claro.Tenants;
using Claro.Tests.Platform;

namespace Claro.Tests.Tenants;

[Collection(ApiCollection.Name)]
public sealed class TenantTests(ApiFixture api)
{
    [Fact]
    public async Task A_created_tenant_is_readable_as_a_public_storefront()
    {
        var owner = api.CreateClient(userId: "u_" + Guid.NewGuid().ToString("N"));
        var slug = "prints-" + Guid.NewGuid().ToString("N")[..8];

        var created = await owner.PostAsJsonAsync("/api/tenants", new { name = "Night Prints", slug });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var storefront = await api.CreateClient().GetFromJsonAsync<Storefront>($"/api/tenants/{slug}");
        Assert.Equal("Night Prints", storefront!.Name);
        Assert.Equal(slug, storefront.Slug);
    }

    [Fact]
    public async Task Creating_a_tenant_without_a_token_is_401()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/tenants", new { name = "Anonymous" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Concurrent_creations_with_one_slug_produce_exactly_one_tenant()
    {
        var slug = "race-" + Guid.NewGuid().ToString("N")[..8];

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            api.CreateClient(userId: $"u_racer_{i}").PostAsJsonAsync("/api/tenants", new { name = $"Racer {i}", slug })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var problem = await responses.First(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<Dictionary<string, object>>();
        Assert.Equal("slug_taken", problem!["code"].ToString());
    }

    [Fact]
    public async Task An_invalid_slug_is_400_naming_the_field_and_creates_nothing()
    {
        var owner = api.CreateClient(userId: "u_" + Guid.NewGuid().ToString("N"));

        var response = await owner.PostAsJsonAsync("/api/tenants", new { name = "Bad Slug", slug = "Admin!" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"slug\"", body);
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync("/api/tenants/Admin!")).StatusCode);
    }

    [Fact]
    public async Task A_missing_tenant_is_the_same_404_as_any_missing_route()
    {
        var client = api.CreateClient();

        var missingTenant = await client.GetAsync("/api/tenants/no-such-shop");
        var missingRoute = await client.GetAsync("/api/no-such-route");

        Assert.Equal(HttpStatusCode.NotFound, missingTenant.StatusCode);
        Assert.Equal("application/problem+json", missingTenant.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await missingRoute.Content.ReadAsByteArrayAsync(), await missingTenant.Content.ReadAsByteArrayAsync());
    }
}
