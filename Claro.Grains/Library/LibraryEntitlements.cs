using Npgsql;

namespace Claro.Library;

/// <summary>An entitlement as stored, with whether its order line reserved license keys at checkout.</summary>
public sealed record StoredEntitlement(Entitlement Entitlement, bool Keyed);

/// <summary>
/// The rows of <c>library_entitlements</c>. The checkout-session grain writes them, in the
/// transaction of the transition that grants or changes access; the BuyerLibrary grain reads them.
/// </summary>
public static class LibraryEntitlements
{
    /// <summary>Adds the entitlements a buyer does not hold yet; one already held (even revoked) is left as it is.</summary>
    public static NpgsqlBatchCommand Grant(string buyerId, IReadOnlyList<StoredEntitlement> entitlements) =>
        Upsert(buyerId, entitlements, "DO NOTHING");

    /// <summary>
    /// Sets the state of the given entitlements (an order's, after a refund or a dispute); a revoked
    /// one stays revoked. One not held yet is written with that state, so an entitlement an earlier
    /// Claro still keeps in Orleans grain storage, moved here later by <see cref="Grant"/>, cannot
    /// come back live after its order was refunded.
    /// </summary>
    public static NpgsqlBatchCommand SetState(string buyerId, IReadOnlyList<StoredEntitlement> entitlements) =>
        Upsert(buyerId, entitlements, """
            DO UPDATE SET state = EXCLUDED.state
             WHERE library_entitlements.state <> 'revoked' AND library_entitlements.state <> EXCLUDED.state
            """);

    private static NpgsqlBatchCommand Upsert(string buyerId, IReadOnlyList<StoredEntitlement> entitlements, string onConflict) => new($"""
        INSERT INTO library_entitlements (buyer_id, order_id, product_id, tenant_id, title, quantity, granted_at, state, keyed)
        SELECT @buyer, line.*
          FROM unnest(@orders::text[], @products::text[], @tenants::text[], @titles::text[], @quantities::integer[],
                      @granted::timestamptz[], @states::text[], @keyed::boolean[])
               AS line (order_id, product_id, tenant_id, title, quantity, granted_at, state, keyed)
        ON CONFLICT (buyer_id, order_id, product_id) {onConflict}
        """)
    {
        Parameters =
        {
            new("buyer", buyerId),
            new("orders", entitlements.Select(e => e.Entitlement.OrderId).ToArray()),
            new("products", entitlements.Select(e => e.Entitlement.ProductId).ToArray()),
            new("tenants", entitlements.Select(e => e.Entitlement.TenantId).ToArray()),
            new("titles", entitlements.Select(e => e.Entitlement.Title).ToArray()),
            new("quantities", entitlements.Select(e => e.Entitlement.Quantity).ToArray()),
            new("granted", entitlements.Select(e => e.Entitlement.GrantedAt.ToUniversalTime()).ToArray()),
            new("states", entitlements.Select(e => StateName(e.Entitlement.State)).ToArray()),
            new("keyed", entitlements.Select(e => e.Keyed).ToArray()),
        },
    };

    public static async Task<List<StoredEntitlement>> ReadAsync(NpgsqlDataSource database, string buyerId)
    {
        await using var command = database.CreateCommand("""
            SELECT order_id, tenant_id, product_id, title, quantity, granted_at, state, keyed
              FROM library_entitlements
             WHERE buyer_id = @buyer
            """);
        command.Parameters.AddWithValue("buyer", buyerId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredEntitlement>();
        while (await reader.ReadAsync())
            rows.Add(new StoredEntitlement(
                new Entitlement(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetFieldValue<DateTimeOffset>(5), Enum.Parse<EntitlementState>(reader.GetString(6), ignoreCase: true)),
                reader.GetBoolean(7)));
        return rows;
    }

    private static string StateName(EntitlementState state) => state.ToString().ToLowerInvariant();
}
