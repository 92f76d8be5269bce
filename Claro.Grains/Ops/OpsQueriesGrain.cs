using Claro.Catalog;
using Claro.Checkout;
using Claro.Platform;
using Npgsql;
using Orleans.Concurrency;

namespace Claro.Ops;

[StatelessWorker(Workers.IoBound)]
public sealed class OpsQueriesGrain(NpgsqlDataSource database) : Grain, IOpsQueriesGrain
{
    public async Task<OrderTimeline> GetOrderAsync(string orderId)
    {
        await using var command = database.CreateCommand("""
            SELECT order_id, checkout_id, buyer_id, currency, subtotal, platform_fee, status, paid_at,
                   tenant_id, payment_intent_id, refunded
              FROM orders WHERE order_id = @order
            """);
        command.Parameters.AddWithValue("order", orderId);
        OrderTimeline? found = null;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                var currency = reader.GetString(3);
                var order = new OrderSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    new Money(reader.GetInt64(4), currency), new Money(reader.GetInt64(5), currency),
                    reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7));
                found = new OrderTimeline(order, reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetInt64(10), []);
            }
        }
        if (found is null)
            throw new NotFoundException();
        var timeline = await QueryAuditAsync("WHERE order_id = @order ORDER BY audit_id", cmd => cmd.Parameters.AddWithValue("order", orderId));
        return found with { Timeline = timeline };
    }

    public async Task<AuditPage> GetAuditAsync(string? tenantId, string? kind, string? cursor, int limit)
    {
        Paging.Check(limit);
        var before = AuditCursor.Before(cursor);

        var items = await QueryAuditAsync("""
            WHERE (@tenant::text IS NULL OR tenant_id = @tenant)
              AND (@kind::text IS NULL OR kind = @kind)
              AND (@before::bigint IS NULL OR audit_id < @before)
            ORDER BY audit_id DESC
            LIMIT @limit
            """, cmd =>
        {
            cmd.Parameters.AddWithValue("tenant", (object?)tenantId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("kind", (object?)kind ?? DBNull.Value);
            cmd.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
            cmd.Parameters.AddWithValue("limit", limit + 1);
        });
        var next = items.Count > limit ? AuditCursor.After(items[limit - 1].AuditId) : null;
        return new AuditPage(items.Take(limit).ToList(), next);
    }

    private async Task<List<AuditEntry>> QueryAuditAsync(string where, Action<NpgsqlCommand> bind)
    {
        await using var command = database.CreateCommand(
            "SELECT audit_id, occurred_at, tenant_id, order_id, kind, source_event, detail::text FROM audit_events " + where);
        bind(command);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }
        return entries;
    }
}
