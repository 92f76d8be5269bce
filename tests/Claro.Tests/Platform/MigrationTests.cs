using Claro.Silo.Migrations;
using Npgsql;

namespace Claro.Tests.Platform;

public sealed class MigrationTests
{
    private static readonly string[] OrleansQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey",
    ];

    [Fact]
    public async Task Three_silos_migrating_at_once_apply_each_migration_exactly_once()
    {
        await using var database = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => new Migrator(database).MigrateAsync())));

        Assert.Equal(Migrator.All.Select(m => m.Version), runs.SelectMany(r => r).Select(m => m.Version).Order());
        Assert.Equal(Migrator.All.Count, await CountAsync(database, "SELECT count(*) FROM claro_schema_version"));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        await using var database = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        await new Migrator(database).MigrateAsync();
        var appliedAt = await CountAsync(database, "SELECT count(*) FROM claro_schema_version");

        var second = await new Migrator(database).MigrateAsync();

        Assert.Empty(second);
        Assert.Equal(appliedAt, await CountAsync(database, "SELECT count(*) FROM claro_schema_version"));
    }

    [Fact]
    public async Task Migrations_provide_every_query_the_orleans_providers_require()
    {
        await using var database = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        await new Migrator(database).MigrateAsync();

        await using var command = database.CreateCommand("SELECT QueryKey FROM OrleansQuery");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
            keys.Add(reader.GetString(0));

        Assert.Equal(OrleansQueryKeys.Order(), keys.Order());
    }

    private static async Task<long> CountAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
