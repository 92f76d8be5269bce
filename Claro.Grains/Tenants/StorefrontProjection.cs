using Npgsql;

namespace Claro.Tenants;

/// <summary>Writes the tenant's row in the storefront directory; an older version never overwrites a newer one.</summary>
public static class StorefrontProjection
{
    public static async Task UpsertAsync(NpgsqlDataSource database, string tenantId, TenantState state)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO storefronts (tenant_id, slug, name, description, tagline, created_at, version)
            VALUES (@tenant, @slug, @name, @description, @tagline, @created, @version)
            ON CONFLICT (tenant_id) DO UPDATE
               SET name = EXCLUDED.name, description = EXCLUDED.description, tagline = EXCLUDED.tagline, version = EXCLUDED.version
             WHERE storefronts.version < EXCLUDED.version
            """);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("slug", state.Slug);
        command.Parameters.AddWithValue("name", state.Name);
        command.Parameters.AddWithValue("description", state.Description);
        command.Parameters.AddWithValue("tagline", state.Settings.Tagline);
        command.Parameters.AddWithValue("created", state.CreatedAt);
        command.Parameters.AddWithValue("version", state.Version);
        await command.ExecuteNonQueryAsync();
    }
}
