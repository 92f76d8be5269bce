using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Claro.Accounts;
using Claro.Platform;
using Claro.Tests.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Claro.Tests.Accounts;

/// <summary>Signing up and logging in through HTTP, as a client would.</summary>
public static class AccountHttp
{
    public const string Password = "correct horse battery";

    public static string NewEmail(string prefix = "ada") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>
    /// A client that looks like its own machine: the API trusts X-Forwarded-For from loopback, so
    /// each client gets its own per-IP rate-limit window (2001:db8::/32 is the documentation range).
    /// </summary>
    public static HttpClient FromOwnAddress(this HttpClient client)
    {
        var suffix = Guid.NewGuid().ToString("N");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"2001:db8:{suffix[..4]}:{suffix[4..8]}::{suffix[8..12]}");
        return client;
    }

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> SignUpAsync(this HttpClient client, string email, string password = Password, string displayName = "Ada") =>
        client.PostAsJsonAsync("/api/accounts/signup", new { email, password, displayName });

    public static Task<HttpResponseMessage> LogInAsync(this HttpClient client, string email, string password = Password) =>
        client.PostAsJsonAsync("/api/accounts/login", new { email, password });

    /// <summary>A new account on the shared API host; other domains' tests can use it for real users.</summary>
    public static async Task<SignedUp> NewAccountAsync(this ApiFixture api, string? email = null)
    {
        email ??= NewEmail();
        var response = await api.CreateClient().FromOwnAddress().SignUpAsync(email);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<SignedUp>())!;
        return body with { Email = email };
    }

    /// <summary>
    /// A new account holding platform roles (<c>ops</c>, <c>admin</c>), granted the way
    /// <c>./claro grant-role</c> does. Roles are read from the account on every request, never from
    /// the token, so a test that needs an ops or admin caller needs a real account like this one.
    /// </summary>
    public static async Task<SignedUp> NewAccountWithRolesAsync(this ApiFixture api, params string[] roles)
    {
        var account = await api.NewAccountAsync();
        using (Caller.Use(new Caller("system:test", [PlatformRoles.Admin])))
        {
            foreach (var role in roles)
                await api.Claro.Client.GetGrain<IAccountGrain>(account.UserId).GrantRoleAsync(role);
        }
        return account;
    }

    public sealed record SignedUp(string UserId, string Token, string Email = "");

    public sealed record TokenBody(string Token, DateTimeOffset ExpiresAt);

    public sealed record Me(string UserId, string Email, string DisplayName, string[] Roles, MeTenant[] Tenants);

    public sealed record MeTenant(string TenantId, string Slug, string Role);
}

/// <summary>
/// A second API host on the shared test cluster, with settings of its own (rate limits), so a test
/// can tighten or loosen them without touching the host the other tests share.
/// </summary>
public sealed class AccountsApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public AccountsApiHost(ApiFixture api, IReadOnlyDictionary<string, string> settings)
    {
        var configuration = api.Claro.Settings.AsApiClientConfiguration();
        foreach (var (key, value) in settings)
            configuration[key] = value;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in configuration)
                web.UseSetting(key, value);
        });
    }

    public HttpClient CreateClient() => _factory.CreateClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
