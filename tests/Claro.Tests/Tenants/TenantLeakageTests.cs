using System.Net;
using System.Net.Http.Json;
using Claro.Tests.Platform;

namespace Claro.Tests.Tenants;

/// <summary>
/// Every tenant admin route, called by someone who is not a member: the answer is the same 404
/// a tenant that does not exist gets (401 without a token), and nothing changes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TenantLeakageTests(ApiFixture api)
{
    /// <summary>Method and path below /api/tenants/{slug}/admin, with a body for writes.</summary>
    public static TheoryData<string, string, string?> AdminRoutes() => new()
    {
        { "GET", "", null },
        { "PATCH", "", """{"name":"Hijacked"}""" },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task A_member_of_another_tenant_gets_the_missing_tenant_404_and_changes_nothing(string method, string path, string? body)
    {
        var victim = await CreateTenantAsync();
        var intruder = (await CreateTenantAsync()).Owner;

        await AssertLooksMissingAsync(intruder, victim, method, path, body);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task A_signed_in_buyer_gets_the_missing_tenant_404_and_changes_nothing(string method, string path, string? body)
    {
        var victim = await CreateTenantAsync();
        var buyer = api.CreateClient("u_buyer_" + Guid.NewGuid().ToString("N"));

        await AssertLooksMissingAsync(buyer, victim, method, path, body);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task An_anonymous_caller_gets_401_and_changes_nothing(string method, string path, string? body)
    {
        var victim = await CreateTenantAsync();
        var before = await SnapshotAsync(victim);

        var response = await SendAsync(api.CreateClient(), method, $"/api/tenants/{victim.Slug}/admin{path}", body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync(victim));
    }

    private async Task AssertLooksMissingAsync(HttpClient caller, (HttpClient Owner, string Slug) victim, string method, string path, string? body)
    {
        var before = await SnapshotAsync(victim);

        var response = await SendAsync(caller, method, $"/api/tenants/{victim.Slug}/admin{path}", body);
        var missing = await SendAsync(caller, method, $"/api/tenants/no-such-tenant-{Guid.NewGuid():N}"[..40] + $"/admin{path}", body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(before, await SnapshotAsync(victim));
    }

    private static Task<string> SnapshotAsync((HttpClient Owner, string Slug) tenant) =>
        tenant.Owner.GetStringAsync($"/api/tenants/{tenant.Slug}/admin");

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }

    private async Task<(HttpClient Owner, string Slug)> CreateTenantAsync()
    {
        var owner = api.CreateClient("u_" + Guid.NewGuid().ToString("N"));
        var slug = "leak-" + Guid.NewGuid().ToString("N")[..10];
        var created = await owner.PostAsJsonAsync("/api/tenants", new { name = "Leak Test Shop", slug });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (owner, slug);
    }
}
