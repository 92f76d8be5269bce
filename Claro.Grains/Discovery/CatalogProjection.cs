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
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>
/// Writes a product's catalog row. The only writer of the product's own fields; the counters
/// (sales, revenue, trending, ratings) are left to fulfilment and reviews.
/// </summary>
public sealed class CatalogProjection(NpgsqlDataSource database)
{
    /// <summary>
    /// Inserts or replaces the row unless the stored one is at least as new: an older write that
    /// arrives late (a retry, a slow silo) never overwrites a newer one. True when the row changed.
    /// </summary>
    public async Task<bool> UpsertAsync(CatalogRow row, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO catalog (product_id, tenant_id, tenant_slug, slug, title, description, category, tags,
                                 price_amount, currency, visibility, created_at, updated_at, version)
            VALUES (@product_id, @tenant_id, @tenant_slug, @slug, @title, @description, @category, @tags,
                    @price_amount, @currency, @visibility, @created_at, @updated_at, @version)
            ON CONFLICT (product_id) DO UPDATE SET
                tenant_id = EXCLUDED.tenant_id, tenant_slug = EXCLUDED.tenant_slug, slug = EXCLUDED.slug,
                title = EXCLUDED.title, description = EXCLUDED.description, category = EXCLUDED.category,
                tags = EXCLUDED.tags, price_amount = EXCLUDED.price_amount, currency = EXCLUDED.currency,
                visibility = EXCLUDED.visibility, created_at = EXCLUDED.created_at,
                updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
            WHERE catalog.version < EXCLUDED.version
            """);
        command.Parameters.AddWithValue("product_id", row.ProductId);
        command.Parameters.AddWithValue("tenant_id", row.TenantId);
        command.Parameters.AddWithValue("tenant_slug", row.TenantSlug);
        command.Parameters.AddWithValue("slug", row.Slug);
        command.Parameters.AddWithValue("title", row.Title);
        command.Parameters.AddWithValue("description", row.Description);
        command.Parameters.AddWithValue("category", row.Category);
        command.Parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = row.Tags.ToArray() });
        command.Parameters.AddWithValue("price_amount", row.Price.Amount);
        command.Parameters.AddWithValue("currency", row.Price.Currency);
        command.Parameters.AddWithValue("visibility", row.Visibility);
        command.Parameters.AddWithValue("created_at", row.CreatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("updated_at", row.UpdatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("version", row.Version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
