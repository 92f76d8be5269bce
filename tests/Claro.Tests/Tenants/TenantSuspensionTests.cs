using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Platform;
using Claro.Tests.Accounts;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Tenants;

/// <summary>Ops suspend a tenant: its storefront, products and listings leave the public side until reinstated.</summary>
[Collection(ApiCollection.Name)]
public sealed class TenantSuspensionTests(ApiFixture api)
{
    [Fact]
    public async Task A_suspended_tenant_leaves_discovery_the_directory_and_its_pages_and_comes_back_when_reinstated()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync(Product("fonts"));
        var ops = api.CreateClient().WithToken((await api.NewAccountWithRolesAsync(PlatformRoles.Ops)).Token);
        var visitor = api.CreateClient();
        var fontsBefore = await CategoryCountAsync(visitor, "fonts");
        Assert.Equal([product.ProductId], await ListedAsync(visitor, shop.Slug));
        Assert.Contains(shop.Slug, await DirectoryAsync(visitor));

        var suspended = await ops.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/suspension", new { suspended = true });

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.True((await suspended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("suspended").GetBoolean());
        Assert.Empty(await ListedAsync(visitor, shop.Slug));
        Assert.Equal(fontsBefore - 1, await CategoryCountAsync(visitor, "fonts"));
        Assert.DoesNotContain(shop.Slug, await DirectoryAsync(visitor));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/tenants/{shop.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/tenants/{shop.Slug}/products/{product.Slug}")).StatusCode);

        // Products created while suspended stay out too.
        var added = await shop.CreateProductAsync(Product("fonts"));
        Assert.Empty(await ListedAsync(visitor, shop.Slug));

        await ops.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/suspension", new { suspended = false });

        Assert.Equal([added.ProductId, product.ProductId], await ListedAsync(visitor, shop.Slug));
        Assert.Equal(fontsBefore + 1, await CategoryCountAsync(visitor, "fonts"));
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/tenants/{shop.Slug}")).StatusCode);
        Assert.Contains(shop.Slug, await DirectoryAsync(visitor));
    }

    [Fact]
    public async Task Only_ops_suspend_and_anyone_else_gets_the_404_of_a_missing_thing()
    {
        var shop = await api.NewShopAsync();

        var byOwner = await shop.Owner.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/suspension", new { suspended = true });

        Assert.Equal(HttpStatusCode.NotFound, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync($"/api/tenants/{shop.Slug}")).StatusCode);
        var admin = await shop.Owner.GetFromJsonAsync<JsonElement>($"/api/tenants/{shop.Slug}/admin");
        Assert.False(admin.GetProperty("suspended").GetBoolean());
    }

    private static Dictionary<string, object?> Product(string category)
    {
        var body = CatalogScenario.ValidProduct();
        body["category"] = category;
        return body;
    }

    /// <summary>The storefront's products in public discovery, newest first.</summary>
    private static async Task<List<string>> ListedAsync(HttpClient client, string slug) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/products?tenant={slug}&sort=newest")).GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("productId").GetString()!).ToList();

    private static async Task<long> CategoryCountAsync(HttpClient client, string category) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/categories")).GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("category").GetString() == category).GetProperty("products").GetInt64();

    /// <summary>Every storefront slug in the directory, all pages walked.</summary>
    private static async Task<List<string>> DirectoryAsync(HttpClient client)
    {
        var slugs = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/tenants?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            slugs.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return slugs;
    }
}
