using System.Net;
using System.Text.Json;
using Claro.Api.Accounts;
using Claro.Tests.Platform;
using static Claro.Tests.Accounts.AccountHttp;

namespace Claro.Tests.Accounts;

/// <summary>
/// The limits count in fixed one-minute windows, so a test may straddle a window boundary once:
/// with a limit of N, a 429 must come within 2N + 1 attempts however the window falls.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture api)
{
    private const int Limit = 3;

    [Fact]
    public async Task Signups_from_one_address_beyond_the_limit_get_429_with_retry_after()
    {
        await using var host = new AccountsApiHost(api, new Dictionary<string, string>
        {
            [AccountLimits.PerIpKey] = Limit.ToString(),
            [AccountLimits.PerEmailKey] = "100",
        });
        var client = host.CreateClient().FromOwnAddress();

        var limited = await FirstLimitedAsync(() => client.SignUpAsync(NewEmail("ip")));

        await AssertTooManyRequestsAsync(limited);
        // Another address still gets through: the limit is per client, not global.
        Assert.Equal(HttpStatusCode.Created, (await host.CreateClient().FromOwnAddress().SignUpAsync(NewEmail("ip"))).StatusCode);
    }

    [Fact]
    public async Task Logins_for_one_email_beyond_the_limit_get_429_even_from_many_addresses()
    {
        await using var host = new AccountsApiHost(api, new Dictionary<string, string>
        {
            [AccountLimits.PerIpKey] = "100",
            [AccountLimits.PerEmailKey] = Limit.ToString(),
        });
        var email = NewEmail("target");

        var limited = await FirstLimitedAsync(() => host.CreateClient().FromOwnAddress().LogInAsync(email, "guess number one"));

        await AssertTooManyRequestsAsync(limited);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().FromOwnAddress().LogInAsync(NewEmail("other"))).StatusCode);
    }

    private static async Task<HttpResponseMessage> FirstLimitedAsync(Func<Task<HttpResponseMessage>> attempt)
    {
        for (var i = 0; i < 2 * Limit + 1; i++)
        {
            var response = await attempt();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return response;
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        throw new Xunit.Sdk.XunitException($"No 429 within {2 * Limit + 1} attempts at a limit of {Limit} a minute.");
    }

    private static async Task AssertTooManyRequestsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), AccountLimits.Window);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(AccountLimits.RateLimitedCode, problem.RootElement.GetProperty("code").GetString());
    }
}
