using System.Net;
using Claro.Tests.Platform;
using System.Net.Http.Json;
using System.Text.Json;

namespace Claro.Tests.Checkout;

[Collection(PaymentsCollection.Name)]
public sealed class StripeOnboardingTests(PaymentsFixture payments)
{
    [Fact]
    public async Task Onboarding_creates_one_express_account_and_account_updated_enables_charges()
    {
        var (owner, slug) = await CreateTenantAsync();

        var first = await owner.PostAsync($"/api/tenants/{slug}/admin/stripe/onboarding", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.StartsWith(payments.EmulatorUrl, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString());
        var before = await AdminAsync(owner, slug);
        var accountId = before.GetProperty("stripeAccountId").GetString()!;
        Assert.StartsWith("acct_", accountId);
        Assert.False(before.GetProperty("chargesEnabled").GetBoolean());
        Assert.NotEmpty(before.GetProperty("requirementsDue").EnumerateArray());

        await owner.PostAsync($"/api/tenants/{slug}/admin/stripe/onboarding", null);
        Assert.Equal(accountId, (await AdminAsync(owner, slug)).GetProperty("stripeAccountId").GetString());

        await payments.ControlAsync($"accounts/{accountId}/complete_onboarding");

        var after = await Eventually.ReturnsAsync(() => AdminAsync(owner, slug), p => p.GetProperty("chargesEnabled").GetBoolean());
        Assert.True(after.GetProperty("payoutsEnabled").GetBoolean());
        Assert.Empty(after.GetProperty("requirementsDue").EnumerateArray());
    }

    [Fact]
    public async Task Only_tenant_admins_may_start_onboarding()
    {
        var (_, slug) = await CreateTenantAsync();
        var stranger = payments.CreateClient("u_stranger_" + Guid.NewGuid().ToString("N"));

        var response = await stranger.PostAsync($"/api/tenants/{slug}/admin/stripe/onboarding", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<JsonElement> AdminAsync(HttpClient owner, string slug) =>
        await owner.GetFromJsonAsync<JsonElement>($"/api/tenants/{slug}/admin");

    private async Task<(HttpClient Owner, string Slug)> CreateTenantAsync()
    {
        var owner = payments.CreateClient("u_" + Guid.NewGuid().ToString("N"));
        var slug = "pay-" + Guid.NewGuid().ToString("N")[..10];
        var created = await owner.PostAsJsonAsync("/api/tenants", new { name = "Payments Shop", slug });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (owner, slug);
    }
}
