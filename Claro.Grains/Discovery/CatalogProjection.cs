using Claro.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace Claro.Discovery;

/// <summary>A product's row in the <c>catalog</c> read model, as its grain last wrote it.</summary>
public sealed record CatalogRow(
    string ProductId,
    string TenantId,
    string TenantSlug,
    string Slug,
    string Title,
    string Description,
    string Category,
    IReadOnlyList<string> Tags,
    Money Price,
    string Visibility,
    int FileCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>The counters fulfilment keeps on a row; only a bulk import of history writes them with the row.</summary>
public sealed record CatalogCounters(long SalesCount, long Revenue, double TrendingScore);

/// <summary>
/// Writes a product's catalog row. The only writer of the product's own fields; the counters
/// (sales, revenue, trending, ratings) are left to fulfilment and reviews. The row → column mapping
/// is declared once (<see cref="Columns"/>) and used by the grain's upsert and by the bulk import.
/// </summary>
public sealed class CatalogProjection(NpgsqlDataSource database)
{
    private sealed record Column(string Name, NpgsqlDbType Type, Func<CatalogRow, object> Value);

    /// <summary>The product's own fields; <c>product_id</c> first, it is the conflict key.</summary>
    private static readonly Column[] Columns =
    [
        new("product_id", NpgsqlDbType.Text, r => r.ProductId),
        new("tenant_id", NpgsqlDbType.Text, r => r.TenantId),
        new("tenant_slug", NpgsqlDbType.Text, r => r.TenantSlug),
        new("slug", NpgsqlDbType.Text, r => r.Slug),
        new("title", NpgsqlDbType.Text, r => r.Title),
        new("description", NpgsqlDbType.Text, r => r.Description),
        new("category", NpgsqlDbType.Text, r => r.Category),
        new("tags", NpgsqlDbType.Array | NpgsqlDbType.Text, r => r.Tags as string[] ?? r.Tags.ToArray()),
        new("price_amount", NpgsqlDbType.Bigint, r => r.Price.Amount),
        new("currency", NpgsqlDbType.Text, r => r.Price.Currency),
        new("visibility", NpgsqlDbType.Text, r => r.Visibility),
        new("file_count", NpgsqlDbType.Integer, r => r.FileCount),
        new("created_at", NpgsqlDbType.TimestampTz, r => r.CreatedAt.ToUniversalTime()),
        new("updated_at", NpgsqlDbType.TimestampTz, r => r.UpdatedAt.ToUniversalTime()),
        new("version", NpgsqlDbType.Bigint, r => r.Version),
    ];

    private static readonly string ColumnList = string.Join(", ", Columns.Select(c => c.Name));

    private static readonly string UpsertSql = $"""
        INSERT INTO catalog ({ColumnList})
        VALUES ({string.Join(", ", Columns.Select(c => "@" + c.Name))})
        ON CONFLICT (product_id) DO UPDATE SET
            {string.Join(", ", Columns.Skip(1).Select(c => $"{c.Name} = EXCLUDED.{c.Name}"))}
        WHERE catalog.version < EXCLUDED.version
        """;

    /// <summary>
    /// Inserts or replaces the row unless the stored one is at least as new: an older write that
    /// arrives late (a retry, a slow silo) never overwrites a newer one. True when the row changed.
    /// </summary>
    public async Task<bool> UpsertAsync(CatalogRow row, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(UpsertSql);
        foreach (var column in Columns)
            command.Parameters.Add(new NpgsqlParameter(column.Name, column.Type) { Value = column.Value(row) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// New rows with their counters, in one binary <c>COPY</c> on <paramref name="connection"/> (inside
    /// the caller's transaction, if any): the seeding tool's path for history that fulfilment would
    /// have counted. Rows must be new; the catalog's triggers run as for any insert. Answers the rows written.
    /// </summary>
    public static async Task<ulong> ImportAsync(
        NpgsqlConnection connection, IEnumerable<(CatalogRow Row, CatalogCounters Counters)> rows, CancellationToken cancellationToken = default)
    {
        await using var import = await connection.BeginBinaryImportAsync(
            $"COPY catalog ({ColumnList}, sales_count, revenue, trending_score) FROM STDIN (FORMAT BINARY)", cancellationToken);
        // Bounded by the caller's batch size, not by the command timeout meant for single statements.
        import.Timeout = TimeSpan.FromMinutes(30);
        foreach (var (row, counters) in rows)
        {
            await import.StartRowAsync(cancellationToken);
            foreach (var column in Columns)
                await import.WriteAsync(column.Value(row), column.Type, cancellationToken);
            await import.WriteAsync(counters.SalesCount, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(counters.Revenue, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(counters.TrendingScore, NpgsqlDbType.Double, cancellationToken);
        }
        return await import.CompleteAsync(cancellationToken);
    }
}
