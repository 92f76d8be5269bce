using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Accounts;
using Claro.Api.Accounts;
using Claro.Tests.Platform;
using static Claro.Tests.Accounts.AccountHttp;

namespace Claro.Tests.Accounts;

[Collection(ApiCollection.Name)]
public sealed class AccountTests(ApiFixture api)
{
    [Fact]
    public async Task A_new_account_logs_in_and_reads_itself_at_me()
    {
        var client = api.CreateClient().FromOwnAddress();
        var email = NewEmail();

        var signup = await client.SignUpAsync("  " + email.ToUpperInvariant() + " ", displayName: " Ada Lovelace ");
        Assert.Equal(HttpStatusCode.Created, signup.StatusCode);
        var created = (await signup.Content.ReadFromJsonAsync<SignedUp>())!;
        Assert.Matches("^u_[0-9a-f]{32}$", created.UserId);

        var login = await client.LogInAsync(email);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<TokenBody>())!;
        Assert.InRange(token.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(65));

        var me = await api.CreateClient().WithToken(token.Token).GetFromJsonAsync<Me>("/api/me");
        Assert.Equal(created.UserId, me!.UserId);
        Assert.Equal(email, me.Email);
        Assert.Equal("Ada Lovelace", me.DisplayName);
        Assert.Equal(["customer"], me.Roles);
        Assert.Empty(me.Tenants);

        var meWithSignupToken = await api.CreateClient().WithToken(created.Token).GetFromJsonAsync<Me>("/api/me");
        Assert.Equal(created.UserId, meWithSignupToken!.UserId);
    }

    [Fact]
    public async Task Signing_up_again_with_the_same_email_in_another_case_is_409_email_taken()
    {
        var client = api.CreateClient().FromOwnAddress();
        var email = NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await client.SignUpAsync(email)).StatusCode);

        var again = await client.SignUpAsync(email.ToUpperInvariant(), password: "another password 1");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal("email_taken", (await ProblemAsync(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Ten_concurrent_signups_with_one_email_create_exactly_one_account()
    {
        // Its own host, so that the per-email limit (5 a minute by default) does not turn the race into 429s.
        await using var host = new AccountsApiHost(api, new Dictionary<string, string>
        {
            [AccountLimits.PerEmailKey] = "100",
            [AccountLimits.PerIpKey] = "100",
        });
        var email = NewEmail("race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            host.CreateClient().FromOwnAddress().SignUpAsync(email, password: $"password number {i}")));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var winnerPassword = $"password number {Array.IndexOf(responses, winner)}";
        var userId = (await winner.Content.ReadFromJsonAsync<SignedUp>())!.UserId;
        var login = await host.CreateClient().FromOwnAddress().LogInAsync(email, winnerPassword);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var me = await host.CreateClient().WithToken((await login.Content.ReadFromJsonAsync<TokenBody>())!.Token).GetFromJsonAsync<Me>("/api/me");
        Assert.Equal(userId, me!.UserId);
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_byte_identical_401s()
    {
        var account = await api.NewAccountAsync();
        var client = api.CreateClient().FromOwnAddress();

        var wrongPassword = await client.LogInAsync(account.Email, "not the password at all");
        var unknownEmail = await client.LogInAsync(NewEmail("nobody"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        Assert.Equal("application/problem+json", wrongPassword.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/problem+json", unknownEmail.Content.Headers.ContentType?.MediaType);
        var body = await wrongPassword.Content.ReadAsByteArrayAsync();
        Assert.Equal(body, await unknownEmail.Content.ReadAsByteArrayAsync());
        Assert.Equal(AccountEndpoints.InvalidCredentialsCode, (await ProblemAsync(wrongPassword)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_password_change_revokes_older_tokens_and_the_new_token_works()
    {
        var account = await api.NewAccountAsync();
        var oldTokenClient = api.CreateClient().WithToken(account.Token);
        Assert.Equal(HttpStatusCode.OK, (await oldTokenClient.GetAsync("/api/me")).StatusCode);

        var change = await api.CreateClient().FromOwnAddress().WithToken(account.Token).PostAsJsonAsync(
            "/api/accounts/password", new { currentPassword = Password, newPassword = "a brand new password" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        var fresh = (await change.Content.ReadFromJsonAsync<TokenBody>())!;

        Assert.Equal(HttpStatusCode.Unauthorized, (await oldTokenClient.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().WithToken(fresh.Token).GetAsync("/api/me")).StatusCode);
        var client = api.CreateClient().FromOwnAddress();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LogInAsync(account.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.LogInAsync(account.Email, "a brand new password")).StatusCode);
    }

    [Fact]
    public async Task A_password_changed_through_another_api_copy_lets_the_new_token_in_at_once_and_shuts_the_old_one_out_soon()
    {
        var account = await api.NewAccountAsync();
        var oldTokenClient = api.CreateClient().WithToken(account.Token);
        Assert.Equal(HttpStatusCode.OK, (await oldTokenClient.GetAsync("/api/me")).StatusCode);

        // Straight to the grain, as a request served by another API copy would: this copy's kept session is stale.
        SignedIn changed;
        using (Claro.Platform.Caller.Use(new Claro.Platform.Caller(account.UserId, [])))
            changed = await api.Claro.Client.GetGrain<IAccountGrain>(account.UserId)
                .ChangePasswordAsync(new ChangePassword(Password, "changed elsewhere"));

        var login = await api.CreateClient().FromOwnAddress().LogInAsync(account.Email, "changed elsewhere");
        var fresh = (await login.Content.ReadFromJsonAsync<TokenBody>())!;
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().WithToken(fresh.Token).GetAsync("/api/me")).StatusCode);
        await Eventually.ReturnsAsync(async () => (await oldTokenClient.GetAsync("/api/me")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, within: AccountSessions.KeepFor + TimeSpan.FromSeconds(3));
        Assert.True(changed.TokenVersion > 0);
    }

    [Fact]
    public async Task A_wrong_current_password_is_400_and_changes_nothing()
    {
        var account = await api.NewAccountAsync();

        var change = await api.CreateClient().FromOwnAddress().WithToken(account.Token).PostAsJsonAsync(
            "/api/accounts/password", new { currentPassword = "not the password", newPassword = "a brand new password" });

        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.True((await ProblemAsync(change)).GetProperty("errors").TryGetProperty("currentPassword", out _));
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().WithToken(account.Token).GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().FromOwnAddress().LogInAsync(account.Email)).StatusCode);
    }

    [Theory]
    [InlineData("email", "not-an-email", Password, "Ada")]
    [InlineData("email", "Ada <ada@example.com>", Password, "Ada")]
    [InlineData("email", "", Password, "Ada")]
    [InlineData("password", "{email}", "short", "Ada")]
    [InlineData("password", "{email}", null, "Ada")]
    [InlineData("displayName", "{email}", Password, "   ")]
    [InlineData("displayName", "{email}", Password, null)]
    public async Task Invalid_signup_input_is_400_naming_the_field_and_creates_nothing(string field, string email, string? password, string? displayName)
    {
        email = email.Replace("{email}", NewEmail());
        var client = api.CreateClient().FromOwnAddress();

        var response = await client.PostAsJsonAsync("/api/accounts/signup", new { email, password, displayName });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ProblemAsync(response);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        if (field != "email")
            Assert.Equal(HttpStatusCode.Created, (await client.SignUpAsync(email)).StatusCode);
    }

    [Fact]
    public async Task A_display_name_longer_than_80_characters_is_400()
    {
        var response = await api.CreateClient().FromOwnAddress().SignUpAsync(NewEmail(), displayName: new string('a', 81));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("displayName", out _));
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        var response = await api.CreateClient().GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var account = await api.NewAccountAsync();
        var otherKey = TestSettings.For(api.Claro.Settings.Database);
        otherKey.TokenSigningKey = "a-different-signing-key-that-is-long-enough";
        var forged = new BearerTokens(otherKey, TimeProvider.System).Issue(new SignedIn(account.UserId, 1)).Token;

        var response = await api.CreateClient().WithToken(forged).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_version_cannot_speak_for_a_signed_up_account()
    {
        var account = await api.NewAccountAsync();

        var response = await api.CreateClient(userId: account.UserId).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_is_refused_once_its_hour_is_up()
    {
        var account = await api.NewAccountAsync();
        var issuedTwoHoursAgo = new BearerTokens(api.Claro.Settings, new FixedClock(DateTimeOffset.UtcNow.AddHours(-2)))
            .Issue(new SignedIn(account.UserId, 1));

        var response = await api.CreateClient().WithToken(issuedTwoHoursAgo.Token).GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(BearerTokens.DefaultLifetime, TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_account_routes()
    {
        using var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        foreach (var path in new[] { "/api/accounts/signup", "/api/accounts/login", "/api/accounts/password", "/api/me" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        Assert.True(paths.GetProperty("/api/accounts/login").GetProperty("post").GetProperty("responses").TryGetProperty("401", out _));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
