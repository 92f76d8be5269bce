using System.Net.Http.Json;
using Claro.Platform;
using Claro.Silo;
using Claro.Tests.Platform;
using static Claro.Tests.Accounts.AccountHttp;

namespace Claro.Tests.Accounts;

[Collection(ApiCollection.Name)]
public sealed class GrantRoleTests(ApiFixture api)
{
    [Fact]
    public async Task Grant_role_from_the_command_line_applies_to_tokens_already_issued_within_the_session_keep_time()
    {
        var account = await api.NewAccountAsync();
        var client = api.CreateClient().WithToken(account.Token);
        Assert.DoesNotContain(PlatformRoles.Ops, (await client.GetFromJsonAsync<Me>("/api/me"))!.Roles);

        var exitCode = await GrantRoleAsync(account.Email.ToUpperInvariant(), PlatformRoles.Ops);

        Assert.Equal(0, exitCode);
        var me = await Eventually.ReturnsAsync(() => client.GetFromJsonAsync<Me>("/api/me"),
            me => me!.Roles.Contains(PlatformRoles.Ops), within: Claro.Api.Accounts.AccountSessions.KeepFor + TimeSpan.FromSeconds(3));
        Assert.Equal([PlatformRoles.Customer, PlatformRoles.Ops], me!.Roles);
    }

    [Fact]
    public async Task Roles_granted_by_a_platform_admin_show_at_me_with_customer_kept()
    {
        var admin = await api.NewAccountWithRolesAsync(PlatformRoles.Ops, PlatformRoles.Admin);

        var me = await api.CreateClient().WithToken(admin.Token).GetFromJsonAsync<Me>("/api/me");

        Assert.Equal([PlatformRoles.Customer, PlatformRoles.Ops, PlatformRoles.Admin], me!.Roles);
    }

    [Fact]
    public async Task Grant_role_for_an_unknown_email_fails_and_grants_nothing()
    {
        Assert.Equal(1, await GrantRoleAsync(NewEmail("nobody"), PlatformRoles.Admin));
    }

    [Fact]
    public async Task Grant_role_refuses_a_role_that_is_not_a_platform_role()
    {
        var account = await api.NewAccountAsync();

        Assert.Equal(StartupFailure.ExitCode, await GrantRoleAsync(account.Email, "creator"));
    }

    /// <summary>The real command, in-process, with the cluster's settings as command-line arguments.</summary>
    private Task<int> GrantRoleAsync(string email, string role) =>
        SiloProgram.Main(["grant-role", email, role, .. api.Claro.Settings.AsConfiguration().Select(s => $"--{s.Key}={s.Value}")]);
}
