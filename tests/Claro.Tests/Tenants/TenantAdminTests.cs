using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Tenants;
using Claro.Tests.Platform;

namespace Claro.Tests.Tenants;

[Collection(ApiCollection.Name)]
public sealed class TenantAdminTests(ApiFixture api)
{
    [Fact]
    public async Task The_owner_sees_settings_fee_rate_payment_status_and_members()
    {
        var (owner, slug, ownerId) = await CreateTenantAsync();

        var admin = await owner.GetFromJsonAsync<JsonElement>($"/api/tenants/{slug}/admin");

        Assert.Equal(1000, admin.GetProperty("feeRateBps").GetInt32());
        Assert.False(admin.GetProperty("chargesEnabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, admin.GetProperty("stripeAccountId").ValueKind);
        Assert.False(admin.GetProperty("payoutsEnabled").GetBoolean());
        Assert.Equal(0, admin.GetProperty("requirementsDue").GetArrayLength());
        Assert.Equal(slug, admin.GetProperty("slug").GetString());
        Assert.Equal("#3b5bdb", admin.GetProperty("settings").GetProperty("accentColor").GetString());
        var member = Assert.Single(admin.GetProperty("members").EnumerateArray());
        Assert.Equal(ownerId, member.GetProperty("userId").GetString());
        Assert.Equal("owner", member.GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_owner_updates_the_storefront_settings()
    {
        var (owner, slug, _) = await CreateTenantAsync();

        var response = await owner.PatchAsJsonAsync($"/api/tenants/{slug}/admin",
            new { name = "Renamed Shop", tagline = "Prints at night", accentColor = "#AA3300" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Renamed Shop", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        var storefront = await api.CreateClient().GetFromJsonAsync<Storefront>($"/api/tenants/{slug}");
        Assert.Equal("Renamed Shop", storefront!.Name);
        Assert.Equal(new StorefrontSettings("Prints at night", "#aa3300"), storefront.Settings);
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("accentColor", "red")]
    [InlineData("tagline", "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901")]
    public async Task Invalid_settings_are_400_naming_the_field_and_change_nothing(string field, string value)
    {
        var (owner, slug, _) = await CreateTenantAsync();
        var before = await owner.GetStringAsync($"/api/tenants/{slug}/admin");

        var response = await owner.PatchAsJsonAsync($"/api/tenants/{slug}/admin", new Dictionary<string, string> { [field] = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, await owner.GetStringAsync($"/api/tenants/{slug}/admin"));
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        var response = await api.CreateClient().GetAsync("/api/tenants/no-such-shop");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    private async Task<(HttpClient Owner, string Slug, string OwnerId)> CreateTenantAsync()
    {
        var ownerId = "u_" + Guid.NewGuid().ToString("N");
        var owner = api.CreateClient(ownerId);
        var slug = "shop-" + Guid.NewGuid().ToString("N")[..10];
        var created = await owner.PostAsJsonAsync("/api/tenants", new { name = "Admin Test Shop", slug });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (owner, slug, ownerId);
    }
}
