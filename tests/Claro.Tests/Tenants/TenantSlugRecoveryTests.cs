using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Tenants;

[Collection(ApiCollection.Name)]
public sealed class TenantSlugRecoveryTests(ApiFixture api)
{
    [Fact]
    public async Task A_slug_whose_tenant_died_before_it_was_saved_goes_to_the_next_creator()
    {
        var slug = CatalogScenario.NewSlug("orphan");
        CrashAfterSlugClaim.Arm(slug);

        var crashed = await api.CreateClient(CatalogScenario.NewUserId()).PostAsJsonAsync("/api/tenants", new { name = "Lost Shop", slug });
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync($"/api/tenants/{slug}")).StatusCode);

        var retried = await api.CreateClient(CatalogScenario.NewUserId()).PostAsJsonAsync("/api/tenants", new { name = "Found Shop", slug });

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var storefront = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/tenants/{slug}");
        Assert.Equal("Found Shop", storefront.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_slug_of_a_saved_tenant_stays_taken()
    {
        var shop = await api.NewShopAsync();

        var clash = await api.CreateClient(CatalogScenario.NewUserId()).PostAsJsonAsync("/api/tenants", new { name = "Copycat", slug = shop.Slug });

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal("slug_taken", (await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
