using Npgsql;

namespace Claro.Carts;

/// <summary>
/// The rows of <c>carts</c> and <c>cart_lines</c>. The Cart grain writes them one line at a time;
/// the checkout-session grain takes paid lines out in the transaction of its write-ahead.
/// </summary>
public static class CartLines
{
    /// <summary>The cart's revision and lines, in the order they were put in; an empty cart at revision 0 when there is none.</summary>
    public static async Task<CartState> ReadAsync(NpgsqlDataSource database, string buyerId, string tenantId)
    {
        await using var command = database.CreateCommand("""
            SELECT cart.revision, line.product_id, line.quantity, line.revision
              FROM carts cart
              LEFT JOIN cart_lines line USING (buyer_id, tenant_id)
             WHERE cart.buyer_id = @buyer AND cart.tenant_id = @tenant
             ORDER BY line.added
            """);
        command.Parameters.AddWithValue("buyer", buyerId);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync();
        var cart = new CartState();
        while (await reader.ReadAsync())
        {
            cart.Revision = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
                cart.Lines.Add(new CartLine(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
        }
        return cart;
    }

    /// <summary>Puts a product in the cart or changes its quantity, at the cart's next revision, which it answers.</summary>
    public static async Task<long> SetAsync(NpgsqlDataSource database, string buyerId, string tenantId, string productId, int quantity)
    {
        await using var command = database.CreateCommand("""
            WITH cart AS (
                INSERT INTO carts (buyer_id, tenant_id, revision) VALUES (@buyer, @tenant, 1)
                ON CONFLICT (buyer_id, tenant_id) DO UPDATE SET revision = carts.revision + 1
                RETURNING revision
            )
            INSERT INTO cart_lines (buyer_id, tenant_id, product_id, quantity, revision, added)
            SELECT @buyer, @tenant, @product, @quantity, revision, revision FROM cart
            ON CONFLICT (buyer_id, tenant_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity, revision = EXCLUDED.revision
            RETURNING revision
            """);
        command.Parameters.AddWithValue("buyer", buyerId);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("product", productId);
        command.Parameters.AddWithValue("quantity", quantity);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task RemoveAsync(NpgsqlDataSource database, string buyerId, string tenantId, string productId)
    {
        await using var command = database.CreateCommand(
            "DELETE FROM cart_lines WHERE buyer_id = @buyer AND tenant_id = @tenant AND product_id = @product");
        command.Parameters.AddWithValue("buyer", buyerId);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("product", productId);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Takes the products a paid checkout bought out of the cart, as they were when it opened at
    /// <paramref name="cartRevision"/>: a line set since stays.
    /// </summary>
    public static NpgsqlBatchCommand RemovePaid(string buyerId, string tenantId, IReadOnlyList<string> productIds, long cartRevision) => new("""
        DELETE FROM cart_lines
         WHERE buyer_id = @buyer AND tenant_id = @tenant AND product_id = ANY(@products) AND revision <= @revision
        """)
    {
        Parameters =
        {
            new("buyer", buyerId), new("tenant", tenantId), new("products", productIds.ToArray()), new("revision", cartRevision),
        },
    };

    /// <summary>
    /// A cart as an earlier Claro kept it in Orleans grain storage, unless the tables hold it already.
    /// A line for a product the buyer already owns from this creator is left behind: a checkout paid
    /// since the upgrade took its lines out of <c>cart_lines</c>, where this cart was not yet.
    /// </summary>
    public static NpgsqlBatchCommand Import(string buyerId, string tenantId, CartState legacy) => new("""
        WITH cart AS (
            INSERT INTO carts (buyer_id, tenant_id, revision) VALUES (@buyer, @tenant, @revision)
            ON CONFLICT (buyer_id, tenant_id) DO NOTHING
            RETURNING revision
        )
        INSERT INTO cart_lines (buyer_id, tenant_id, product_id, quantity, revision, added)
        SELECT @buyer, @tenant, line.product_id, line.quantity, line.revision, line.added - 1
          FROM unnest(@products::text[], @quantities::integer[], @revisions::bigint[]) WITH ORDINALITY AS line (product_id, quantity, revision, added)
         WHERE EXISTS (SELECT FROM cart)
           AND NOT EXISTS (SELECT FROM library_entitlements owned
                            WHERE owned.buyer_id = @buyer AND owned.tenant_id = @tenant AND owned.product_id = line.product_id)
        """)
    {
        Parameters =
        {
            new("buyer", buyerId), new("tenant", tenantId), new("revision", legacy.Revision),
            new("products", legacy.Lines.Select(line => line.ProductId).ToArray()),
            new("quantities", legacy.Lines.Select(line => line.Quantity).ToArray()),
            new("revisions", legacy.Lines.Select(line => line.Revision).ToArray()),
        },
    };
}
