using Claro.Discovery;
using Claro.Platform;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace Claro.Catalog;

/// <summary>
/// Reads a tenant's products, every state, from the catalog read model its product grains write.
/// The grain is the tenant's boundary: only the tenant's staff get past its access policy.
/// </summary>
public sealed class TenantCatalogGrain(
    [FromKeyedServices(StorageNames.Provider)] IGrainStorage grainStorage,
    NpgsqlDataSource database,
    ClaroSettings settings)
    : Grain, ITenantCatalogGrain
{
    private static readonly CatalogSort Newest = CatalogSort.ByName[CatalogSorts.Newest];

    private readonly CatalogCursor _cursors = new(settings);
    private readonly EarlierStorage<TenantCatalogState> _earlier = new(grainStorage, StorageNames.TenantCatalog);

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<ProductList> ListAsync(string? cursor, int limit)
    {
        Paging.Check(limit);
        await _earlier.MoveOnceAsync(this.GetGrainId(), MoveFileCountsAsync);

        var fingerprint = CatalogCursor.Fingerprint("tenant-catalog.newest", TenantId);
        var after = cursor is null ? (CatalogCursor.Position?)null : _cursors.Decode(cursor, fingerprint);
        await using var command = database.CreateCommand($"""
            SELECT created_at, product_id, slug, title, price_amount, currency, visibility, category, file_count, updated_at, version
            FROM catalog
            WHERE tenant_id = @tenant{(after is null ? "" : " AND " + Newest.After)}
            ORDER BY {Newest.OrderBy}
            LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = TenantId });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = limit + 1 });
        if (after is { } position)
        {
            command.Parameters.Add(Newest.KeyParameter(position.Key));
            command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Text) { Value = position.ProductId });
        }

        var items = new List<ProductSummary>(limit);
        var lastKey = "";
        string? next = null;
        await using var row = await command.ExecuteReaderAsync();
        while (await row.ReadAsync())
        {
            if (items.Count == limit)
            {
                next = _cursors.Encode(fingerprint, new CatalogCursor.Position(lastKey, items[^1].ProductId));
                break;
            }
            lastKey = Newest.ReadKey(row);
            items.Add(new ProductSummary(row.GetString(1), row.GetString(2), row.GetString(3), new Money(row.GetInt64(4), row.GetString(5)),
                row.GetString(6), row.GetString(7), row.GetInt32(8), row.GetFieldValue<DateTimeOffset>(0), row.GetFieldValue<DateTimeOffset>(9), row.GetInt64(10)));
        }
        return new ProductList(items, next);
    }

    /// <summary>
    /// File counts from the list an earlier Claro kept as this grain's state, for catalog rows still
    /// at the version that list saw (a later write of the product counted its files itself).
    /// </summary>
    private async Task MoveFileCountsAsync(TenantCatalogState earlier)
    {
        var withFiles = earlier.Products.Where(p => p.FileCount > 0).ToList();
        if (withFiles.Count == 0)
            return;
        await using var command = database.CreateCommand("""
            UPDATE catalog SET file_count = earlier.file_count
            FROM unnest(@ids, @versions, @counts) AS earlier(product_id, version, file_count)
            WHERE catalog.product_id = earlier.product_id AND catalog.version = earlier.version AND catalog.tenant_id = @tenant
            """);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = withFiles.Select(p => p.ProductId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = withFiles.Select(p => p.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("counts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = withFiles.Select(p => p.FileCount).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = TenantId });
        await command.ExecuteNonQueryAsync();
    }
}
