using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Claro.StripeEmulator.Tests;

/// <summary>What any Stripe client may send, beyond what Stripe.net happens to send.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class WireFormatTests(EmulatorFixture fixture)
{
    private readonly EmulatorHost _host = fixture.Host;

    [Fact]
    public async Task Any_stripe_version_and_basic_auth_with_the_key_as_user_are_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/accounts")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("type", "express"), KeyValuePair.Create("expand[]", "capabilities")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sk_test_curl:")));
        request.Headers.Add("Stripe-Version", "2020-08-27");

        using var response = await _host.Http.SendAsync(request);
        var account = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("account", account["object"]!.GetValue<string>());
        Assert.False(account["livemode"]!.GetValue<bool>());
        Assert.True(account["created"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Unknown_route_is_a_stripe_shaped_404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/subscriptions/sub_1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorHost.ApiKey);

        using var response = await _host.Http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
    }
}
