using Npgsql;

namespace Claro.Tenants;

/// <summary>
/// Writes the tenant's row in the storefront directory; an older version never overwrites a newer
/// one. In the same transaction the tenant's catalog rows take the row's standing (active or
/// suspended), so discovery never shows a suspended tenant's products.
/// </summary>
public static class StorefrontProjection
{
    public static async Task UpsertAsync(NpgsqlDataSource database, string tenantId, TenantState state)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var storefront = new NpgsqlCommand("""
            INSERT INTO storefronts (tenant_id, slug, name, description, tagline, created_at, version, active)
            VALUES (@tenant, @slug, @name, @description, @tagline, @created, @version, @active)
            ON CONFLICT (tenant_id) DO UPDATE
               SET name = EXCLUDED.name, description = EXCLUDED.description, tagline = EXCLUDED.tagline,
                   version = EXCLUDED.version, active = EXCLUDED.active
             WHERE storefronts.version < EXCLUDED.version
            """, connection, transaction))
        {
            storefront.Parameters.AddWithValue("tenant", tenantId);
            storefront.Parameters.AddWithValue("slug", state.Slug);
            storefront.Parameters.AddWithValue("name", state.Name);
            storefront.Parameters.AddWithValue("description", state.Description);
            storefront.Parameters.AddWithValue("tagline", state.Settings.Tagline);
            storefront.Parameters.AddWithValue("created", state.CreatedAt);
            storefront.Parameters.AddWithValue("version", state.Version);
            storefront.Parameters.AddWithValue("active", !state.Suspended);
            await storefront.ExecuteNonQueryAsync();
        }
        await using (var catalog = new NpgsqlCommand("""
            UPDATE catalog SET tenant_active = storefront.active
              FROM (SELECT active FROM storefronts WHERE tenant_id = @tenant FOR UPDATE) AS storefront
             WHERE catalog.tenant_id = @tenant AND catalog.tenant_active <> storefront.active
            """, connection, transaction))
        {
            catalog.Parameters.AddWithValue("tenant", tenantId);
            await catalog.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
