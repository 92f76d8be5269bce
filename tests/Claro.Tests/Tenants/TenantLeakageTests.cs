using System.Net;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using static Claro.Tests.Catalog.CatalogScenario;

namespace Claro.Tests.Tenants;

/// <summary>
/// Every tenant admin route in API.md, called by someone who is not a member: the answer is the
/// same 404 a tenant that does not exist gets (401 without a token), and nothing changes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TenantLeakageTests(ApiFixture api)
{
    private const string ProductBody = """{"title":"Hijack","price":{"amount":1999,"currency":"usd"},"visibility":"public"}""";

    /// <summary>Method, path below /api/tenants/{slug}/admin ({id} is the victim's product), body ("multipart" for uploads).</summary>
    public static TheoryData<string, string, string?> AdminRoutes() => new()
    {
        { "GET", "", null },
        { "PATCH", "", """{"name":"Hijacked"}""" },
        { "POST", "/stripe/onboarding", null },
        { "GET", "/orders", null },
        { "GET", "/products", null },
        { "POST", "/products", ProductBody },
        { "GET", "/products/{id}", null },
        { "PATCH", "/products/{id}", """{"title":"Hijacked"}""" },
        { "DELETE", "/products/{id}", null },
        { "POST", "/products/{id}/files", "multipart" },
        { "POST", "/products/{id}/keys", """{"keys":["STOLEN-1"]}""" },
        { "GET", "/products/{id}/keys", null },
        { "POST", "/members", """{"email":"someone@example.com","role":"admin"}""" },
        { "GET", "/notifications", null },
        // Input the API refuses before any grain is asked: still the 404, not a 400 about the input.
        { "PATCH", "", "{ not json" },
        { "POST", "/members", """{"email":"someone@example.com","role":"boss"}""" },
        { "POST", "/products/{id}/keys", "{}" },
        { "GET", "/orders?limit=ten", null },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task A_member_of_another_tenant_gets_the_missing_tenant_404_and_changes_nothing(string method, string path, string? body)
    {
        var intruder = (await api.NewShopAsync()).Owner;

        await AssertLooksMissingAsync(intruder, method, path, body);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task A_signed_in_buyer_gets_the_missing_tenant_404_and_changes_nothing(string method, string path, string? body)
    {
        await AssertLooksMissingAsync(api.CreateClient(NewUserId()), method, path, body);
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task An_anonymous_caller_gets_401_and_changes_nothing(string method, string path, string? body)
    {
        var (victim, productId) = await VictimAsync();
        var before = await SnapshotAsync(victim, productId);

        var response = await SendAsync(api.CreateClient(), method, AdminUrl(victim.Slug, path, productId), body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync(victim, productId));
    }

    private async Task AssertLooksMissingAsync(HttpClient caller, string method, string path, string? body)
    {
        var (victim, productId) = await VictimAsync();
        var before = await SnapshotAsync(victim, productId);

        var response = await SendAsync(caller, method, AdminUrl(victim.Slug, path, productId), body);
        var missing = await SendAsync(caller, method, AdminUrl(NewSlug("missing"), path, productId), body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(before, await SnapshotAsync(victim, productId));
    }

    private async Task<(CreatorShop Shop, string ProductId)> VictimAsync()
    {
        var shop = await api.NewShopAsync();
        return (shop, (await shop.CreateProductAsync()).ProductId);
    }

    private static string AdminUrl(string slug, string path, string productId) =>
        $"/api/tenants/{slug}/admin{path.Replace("{id}", productId)}";

    private static async Task<string> SnapshotAsync(CreatorShop shop, string productId) =>
        await shop.Owner.GetStringAsync($"/api/tenants/{shop.Slug}/admin")
        + await shop.Owner.GetStringAsync(shop.Admin)
        + await shop.Owner.GetStringAsync($"{shop.Admin}/{productId}/keys")
        + await shop.Owner.GetStringAsync($"/api/tenants/{shop.Slug}/admin/orders");

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body == "multipart")
            request.Content = FileForm(RandomBytes(64));
        else if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }
}
