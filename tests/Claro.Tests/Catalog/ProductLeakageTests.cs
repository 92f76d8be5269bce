using System.Net;
using Claro.Tests.Platform;
using static Claro.Tests.Catalog.CatalogScenario;

namespace Claro.Tests.Catalog;

/// <summary>
/// The product admin routes, called by someone who is not a member of the tenant: the same 404 a
/// tenant that does not exist gets (401 without a token), and nothing changes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProductLeakageTests(ApiFixture api)
{
    private const string ValidBody = """{"title":"Hijack","price":{"amount":1999,"currency":"usd"},"visibility":"public"}""";

    /// <summary>Method, path below the products route ({id} is the victim's product), body (for uploads: multipart).</summary>
    public static TheoryData<string, string, string?> ProductRoutes() => new()
    {
        { "GET", "", null },
        { "POST", "", ValidBody },
        { "GET", "/{id}", null },
        { "PATCH", "/{id}", """{"title":"Hijacked"}""" },
        { "DELETE", "/{id}", null },
        { "POST", "/{id}/files", "multipart" },
        { "POST", "/{id}/keys", """{"keys":["STOLEN-1"]}""" },
        { "GET", "/{id}/keys", null },
    };

    [Theory]
    [MemberData(nameof(ProductRoutes))]
    public async Task A_member_of_another_tenant_gets_the_missing_tenant_404_and_changes_nothing(string method, string path, string? body)
    {
        var victim = await api.NewShopAsync();
        var product = await victim.CreateProductAsync();
        var intruder = (await api.NewShopAsync()).Owner;
        var before = await SnapshotAsync(victim, product.ProductId);

        var response = await SendAsync(intruder, method, victim.Admin + path.Replace("{id}", product.ProductId), body);
        var missing = await SendAsync(intruder, method, $"/api/tenants/{NewSlug("missing")}/admin/products" + path.Replace("{id}", product.ProductId), body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(before, await SnapshotAsync(victim, product.ProductId));
    }

    [Theory]
    [MemberData(nameof(ProductRoutes))]
    public async Task An_anonymous_caller_gets_401_and_changes_nothing(string method, string path, string? body)
    {
        var victim = await api.NewShopAsync();
        var product = await victim.CreateProductAsync();
        var before = await SnapshotAsync(victim, product.ProductId);

        var response = await SendAsync(api.CreateClient(), method, victim.Admin + path.Replace("{id}", product.ProductId), body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync(victim, product.ProductId));
    }

    private static async Task<string> SnapshotAsync(CreatorShop shop, string productId) =>
        await shop.Owner.GetStringAsync(shop.Admin) + await shop.Owner.GetStringAsync($"{shop.Admin}/{productId}/keys");

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
