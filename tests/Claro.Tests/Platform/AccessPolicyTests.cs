using System.Reflection;
using Claro.Carts;
using Claro.Platform;
using Claro.Tenants;

namespace Claro.Tests.Platform;

public sealed class AccessPolicyDeclarationTests
{
    public static TheoryData<string> GrainInterfaceMethods()
    {
        var data = new TheoryData<string>();
        foreach (var method in AllGrainInterfaceMethods())
            data.Add($"{method.DeclaringType!.FullName}.{method.Name}");
        return data;
    }

    [Theory]
    [MemberData(nameof(GrainInterfaceMethods))]
    public void Every_grain_interface_method_declares_who_may_call_it(string method)
    {
        var declared = AllGrainInterfaceMethods().Single(m => $"{m.DeclaringType!.FullName}.{m.Name}" == method);

        var policy = AccessPolicyFilter.PolicyOf(declared);

        Assert.NotNull(policy);
        Assert.NotEmpty(policy);
    }

    [Fact]
    public void A_method_without_a_declaration_has_no_policy_so_the_filter_refuses_it()
    {
        Assert.Null(AccessPolicyFilter.PolicyOf(typeof(IUndeclared).GetMethod(nameof(IUndeclared.DoAsync))!));
    }

    private static IEnumerable<MethodInfo> AllGrainInterfaceMethods() =>
        typeof(AllowAttribute).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods())
            .OrderBy(m => m.DeclaringType!.FullName).ThenBy(m => m.Name);

    private interface IUndeclared
    {
        Task DoAsync();
    }
}

/// <summary>The boundary holds below HTTP: grains called directly refuse callers the policy does not name.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainBoundaryTests(ClusterFixture fixture)
{
    private static readonly Caller Owner = new("u_owner_" + Guid.NewGuid().ToString("N")[..8], []);
    private static readonly Caller OtherOwner = new("u_other_" + Guid.NewGuid().ToString("N")[..8], []);

    [Fact]
    public async Task Tenant_admin_reads_refuse_a_call_without_a_caller()
    {
        var tenant = await CreateTenantAsync(Owner);

        await Assert.ThrowsAsync<NotFoundException>(() => tenant.GetAdminViewAsync());
    }

    [Fact]
    public async Task Tenant_admin_reads_refuse_the_owner_of_another_tenant()
    {
        var tenant = await CreateTenantAsync(Owner);
        await CreateTenantAsync(OtherOwner);

        using (Caller.Use(OtherOwner))
            await Assert.ThrowsAsync<NotFoundException>(() => tenant.GetAdminViewAsync());
        using (Caller.Use(Owner))
            Assert.Equal(Owner.UserId, Assert.Single((await tenant.GetAdminViewAsync()).Members).UserId);
    }

    [Fact]
    public async Task A_refused_settings_change_changes_nothing()
    {
        var tenant = await CreateTenantAsync(Owner);

        using (Caller.Use(OtherOwner))
            await Assert.ThrowsAsync<NotFoundException>(() => tenant.UpdateSettingsAsync(new UpdateTenantSettings("Hijacked", null, null, null)));

        Assert.NotEqual("Hijacked", (await tenant.GetStorefrontAsync()).Name);
    }

    [Fact]
    public async Task Internal_methods_refuse_clients_even_with_a_caller()
    {
        var tenant = await CreateTenantAsync(Owner);
        var slug = (await tenant.GetStorefrontAsync()).Slug;

        using (Caller.Use(Owner))
        {
            await Assert.ThrowsAsync<NotFoundException>(() => tenant.GetMemberRoleAsync(Owner.UserId));
            await Assert.ThrowsAsync<NotFoundException>(() => fixture.Client.GetGrain<ITenantSlugGrain>(slug).ClaimAsync("t_thief"));
        }
        Assert.Equal(tenant.GetPrimaryKeyString(), await fixture.Client.GetGrain<ITenantSlugGrain>(slug).GetTenantIdAsync());
    }

    [Fact]
    public async Task Only_a_platform_admin_sets_a_tenant_fee_rate()
    {
        var tenant = await CreateTenantAsync(Owner);

        using (Caller.Use(Owner))
            await Assert.ThrowsAsync<NotFoundException>(() => tenant.SetFeeRateAsync(0));
        using (Caller.Use(new Caller("u_ops", [PlatformRoles.Ops])))
            await Assert.ThrowsAsync<NotFoundException>(() => tenant.SetFeeRateAsync(0));
        using (Caller.Use(new Caller("u_admin", [PlatformRoles.Admin])))
            Assert.Equal(250, (await tenant.SetFeeRateAsync(250)).FeeRateBps);
    }

    [Fact]
    public async Task Creating_a_tenant_without_a_caller_is_refused()
    {
        var tenant = fixture.Client.GetGrain<ITenantGrain>("t_" + Guid.NewGuid().ToString("N"));

        await Assert.ThrowsAsync<NotFoundException>(() => tenant.CreateAsync(new CreateTenant("Nobody's", null)));
    }

    [Fact]
    public async Task A_cart_answers_its_buyer_only()
    {
        var cart = fixture.Client.GetGrain<ICartGrain>(CartKey.For(Owner.UserId, "t_any"));

        using (Caller.Use(OtherOwner))
            await Assert.ThrowsAsync<NotFoundException>(() => cart.GetAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => cart.GetAsync());
        using (Caller.Use(Owner))
            Assert.Empty((await cart.GetAsync()).Lines);
    }

    private async Task<ITenantGrain> CreateTenantAsync(Caller owner)
    {
        var tenant = fixture.Client.GetGrain<ITenantGrain>("t_" + Guid.NewGuid().ToString("N"));
        using (Caller.Use(owner))
            await tenant.CreateAsync(new CreateTenant("Shop " + Guid.NewGuid().ToString("N")[..6], null));
        return tenant;
    }
}
