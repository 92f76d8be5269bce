using Claro.Platform;
using Claro.Tenants;
using Npgsql;

namespace Claro.Tests.Platform;

public sealed class ClusterTests
{
    [Fact]
    public async Task Two_silos_join_one_cluster_through_the_membership_table_and_calls_reach_both()
    {
        await using var claro = await ClaroTestCluster.StartAsync(silos: 2);

        await using var database = NpgsqlDataSource.Create(claro.Settings.Database);
        await using var command = database.CreateCommand(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = 3");
        command.Parameters.AddWithValue("cluster", claro.Settings.ClusterId);
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);

        // Health grains are placed at random, so forty of them land on both silos.
        var silos = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => claro.Client.GetGrain<IHealthGrain>(i).CheckDatabaseAsync()));
        Assert.Equal(2, silos.Select(report => report.Silo).Distinct().Count());
    }

    [Fact]
    public async Task Grain_state_survives_deactivation_and_a_restart_of_the_whole_cluster()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        Storefront created;
        await using (var first = await ClaroTestCluster.StartAsync(database))
        {
            var tenant = first.Client.GetGrain<ITenantGrain>("t_persist");
            using (Caller.Use(new Caller("u_owner", [])))
                created = await tenant.CreateAsync(new CreateTenant("Persistent Prints", null));
            await first.Cluster.DeactivateAsync(tenant);
            Assert.Equal(created, await tenant.GetStorefrontAsync());
        }

        await using var second = await ClaroTestCluster.StartAsync(database);
        var reread = await second.Client.GetGrain<ITenantGrain>("t_persist").GetStorefrontAsync();

        Assert.Equal(created, reread);
        Assert.Equal("t_persist", await second.Client.GetGrain<ITenantSlugGrain>(created.Slug).GetTenantIdAsync());
    }
}
