using Claro.Accounts;
using Claro.Platform;
using Claro.Tests.Platform;

namespace Claro.Tests.Accounts;

/// <summary>The account grains straight through an Orleans client, with no API in between: the boundary holds below HTTP.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountBoundaryTests(ApiFixture api)
{
    private IClusterClient Grains => api.Claro.Client;

    [Fact]
    public async Task An_account_grain_refuses_a_call_with_no_caller_or_another_users_caller()
    {
        var account = await api.NewAccountAsync();
        var grain = Grains.GetGrain<IAccountGrain>(account.UserId);

        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetProfileAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => grain.GetSessionAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => grain.ChangePasswordAsync(new ChangePassword(AccountHttp.Password, "hijacked password")));
        using (Caller.Use(new Caller(AccountRules.NewUserId(), [PlatformRoles.Customer])))
        {
            await Assert.ThrowsAsync<NotFoundException>(() => grain.GetProfileAsync());
            await Assert.ThrowsAsync<NotFoundException>(() => grain.ChangePasswordAsync(new ChangePassword(AccountHttp.Password, "hijacked password")));
        }

        using (Caller.Use(new Caller(account.UserId, [])))
            Assert.Equal(account.Email, (await grain.GetProfileAsync()).Email);
    }

    [Fact]
    public async Task Internal_account_steps_refuse_clients_even_when_they_claim_to_be_the_owner()
    {
        var account = await api.NewAccountAsync();
        var grain = Grains.GetGrain<IAccountGrain>(account.UserId);

        using (Caller.Use(new Caller(account.UserId, [PlatformRoles.Admin])))
        {
            await Assert.ThrowsAsync<NotFoundException>(() => grain.AddTenantMembershipAsync(new TenantMembership("t_forged", "forged", TenantRole.Owner)));
            await Assert.ThrowsAsync<NotFoundException>(() => grain.CheckPasswordAsync(AccountHttp.Password));
            await Assert.ThrowsAsync<NotFoundException>(() => grain.HoldsEmailAsync(account.Email));
            await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IAccountGrain>(AccountRules.NewUserId()).CreateAsync(AccountHttp.NewEmail(), new NewAccount(AccountHttp.Password, "Forged")));
        }
        using (Caller.Use(new Caller(account.UserId, [])))
            Assert.Empty((await grain.GetProfileAsync()).Tenants);
    }

    [Fact]
    public async Task Only_a_platform_admin_may_look_up_who_holds_an_email_or_grant_roles()
    {
        var account = await api.NewAccountAsync();
        var index = Grains.GetGrain<IEmailIndexGrain>(account.Email);
        var grain = Grains.GetGrain<IAccountGrain>(account.UserId);

        await Assert.ThrowsAsync<NotFoundException>(() => index.FindUserIdAsync());
        using (Caller.Use(new Caller(account.UserId, [PlatformRoles.Customer, PlatformRoles.Ops])))
        {
            await Assert.ThrowsAsync<NotFoundException>(() => index.FindUserIdAsync());
            await Assert.ThrowsAsync<NotFoundException>(() => grain.GrantRoleAsync(PlatformRoles.Admin));
        }

        using (Caller.Use(new Caller("system:test", [PlatformRoles.Admin])))
        {
            Assert.Equal(account.UserId, await index.FindUserIdAsync());
            await grain.GrantRoleAsync(PlatformRoles.Ops);
        }
        using (Caller.Use(new Caller(account.UserId, [])))
            Assert.Contains(PlatformRoles.Ops, (await grain.GetSessionAsync()).Roles);
    }
}
