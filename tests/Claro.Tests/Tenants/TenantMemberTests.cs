using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Tests.Accounts;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Tenants;

[Collection(ApiCollection.Name)]
public sealed class TenantMemberTests(ApiFixture api)
{
    [Fact]
    public async Task The_owner_adds_staff_who_then_manage_products_but_not_settings_or_members()
    {
        var (owner, shop) = await ShopOfRealOwnerAsync();
        var staffAccount = await api.NewAccountAsync();
        var staff = api.CreateClient().WithToken(staffAccount.Token);

        var added = await owner.PostAsJsonAsync($"/api/tenants/{shop.Slug}/admin/members", new { email = staffAccount.Email, role = "staff" });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/tenants/{shop.Slug}/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync(shop.Admin, CatalogScenario.ValidProduct())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PatchAsJsonAsync($"/api/tenants/{shop.Slug}/admin", new { name = "Staff rename" })).StatusCode);
        var third = await api.NewAccountAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync($"/api/tenants/{shop.Slug}/admin/members", new { email = third.Email, role = "staff" })).StatusCode);
    }

    [Fact]
    public async Task Membership_shows_in_me_with_the_creator_role()
    {
        var (owner, shop) = await ShopOfRealOwnerAsync();
        var adminAccount = await api.NewAccountAsync();
        await owner.PostAsJsonAsync($"/api/tenants/{shop.Slug}/admin/members", new { email = adminAccount.Email, role = "admin" });

        var ownerMe = await owner.GetFromJsonAsync<AccountHttp.Me>("/api/me");
        var adminMe = await api.CreateClient().WithToken(adminAccount.Token).GetFromJsonAsync<AccountHttp.Me>("/api/me");

        Assert.Contains("creator", ownerMe!.Roles);
        Assert.Equal("owner", Assert.Single(ownerMe.Tenants).Role);
        Assert.Contains("creator", adminMe!.Roles);
        Assert.Equal(new AccountHttp.MeTenant(Assert.Single(adminMe.Tenants).TenantId, shop.Slug, "admin"), Assert.Single(adminMe.Tenants));
    }

    [Theory]
    [InlineData("nobody-here@example.com", "staff", "email")]
    [InlineData("not an email", "staff", "email")]
    [InlineData(null, "owner", "role")]
    public async Task Invalid_members_are_400_naming_the_field(string? email, string role, string field)
    {
        var (owner, shop) = await ShopOfRealOwnerAsync();
        email ??= (await api.NewAccountAsync()).Email;

        var response = await owner.PostAsJsonAsync($"/api/tenants/{shop.Slug}/admin/members", new { email, role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Tenant_creation_is_rate_limited_per_user_with_retry_after()
    {
        var creator = api.CreateClient(CatalogScenario.NewUserId());
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Created, (await creator.PostAsJsonAsync("/api/tenants", new { name = $"Burst {i}", slug = CatalogScenario.NewSlug("burst") })).StatusCode);

        var eleventh = await creator.PostAsJsonAsync("/api/tenants", new { name = "One too many", slug = CatalogScenario.NewSlug("burst") });

        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.True(eleventh.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.Created, (await api.CreateClient(CatalogScenario.NewUserId()).PostAsJsonAsync("/api/tenants", new { name = "Someone else", slug = CatalogScenario.NewSlug("burst") })).StatusCode);
    }

    private async Task<(HttpClient Owner, CreatorShop Shop)> ShopOfRealOwnerAsync()
    {
        var account = await api.NewAccountAsync();
        var owner = api.CreateClient().WithToken(account.Token);
        return (owner, await owner.NewShopAsync());
    }
}

[Collection(ApiCollection.Name)]
public sealed class TenantFeeRateTests(ApiFixture api)
{
    [Fact]
    public async Task Only_a_platform_admin_changes_a_tenant_fee_rate()
    {
        var owner = api.CreateClient(CatalogScenario.NewUserId());
        var shop = await owner.NewShopAsync();
        var ops = api.CreateClient().WithToken((await api.NewAccountWithRolesAsync("ops")).Token);
        var admin = api.CreateClient().WithToken((await api.NewAccountWithRolesAsync("admin")).Token);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/fee-rate", new { feeRateBps = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ops.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/fee-rate", new { feeRateBps = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/fee-rate", new { feeRateBps = 9000 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/fee-rate", new { feeRateBps = 750 })).StatusCode);

        var settings = await owner.GetFromJsonAsync<JsonElement>($"/api/tenants/{shop.Slug}/admin");
        Assert.Equal(750, settings.GetProperty("feeRateBps").GetInt32());
    }
}
