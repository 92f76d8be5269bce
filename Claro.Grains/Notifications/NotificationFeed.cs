using System.Globalization;
using Claro.Catalog;
using Claro.Library;
using Claro.Ops;
using Claro.Platform;
using Npgsql;
using Orleans.Concurrency;

namespace Claro.Notifications;

/// <summary>
/// A feed of order events read from <c>audit_events</c>, whose rows the checkout session writes
/// once per applied Stripe event in the transaction that applies it, with the order's entitlements.
/// A tenant's rows are found by tenant; a buyer's through the orders of their entitlements, so the
/// checkout writes nothing more for either. Only what the audience may see: the kind, the order, the
/// amount and the time.
/// </summary>
public static class NotificationFeed
{
    public enum Audience { Buyer, Tenant }

    public static async Task<NotificationPage> ReadAsync(NpgsqlDataSource database, Audience audience, string recipientId, string? cursor, int limit)
    {
        Paging.Check(limit);
        var before = AuditCursor.Before(cursor);
        var recipient = audience == Audience.Buyer
            ? "order_id IN (SELECT order_id FROM library_entitlements WHERE buyer_id = @recipient)"
            : "tenant_id = @recipient";
        await using var command = database.CreateCommand($"""
            SELECT audit_id, kind, order_id, tenant_id, occurred_at, detail->>'currency',
                   CASE WHEN kind LIKE '%refunded' THEN (detail->>'refunded')::bigint ELSE (detail->>'amount')::bigint END
              FROM audit_events
             WHERE {recipient}
               AND order_id IS NOT NULL
               AND (@before::bigint IS NULL OR audit_id < @before)
             ORDER BY audit_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("recipient", recipientId);
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);

        var items = new List<(long AuditId, Notification Notification)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var auditId = reader.GetInt64(0);
            items.Add((auditId, new Notification(auditId.ToString(CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), new Money(reader.IsDBNull(6) ? 0 : reader.GetInt64(6), reader.IsDBNull(5) ? "" : reader.GetString(5)),
                reader.GetFieldValue<DateTimeOffset>(4))));
        }
        var next = items.Count > limit ? AuditCursor.After(items[limit - 1].AuditId) : null;
        return new NotificationPage(items.Take(limit).Select(item => item.Notification).ToList(), next);
    }
}

[StatelessWorker(Workers.IoBound)]
public sealed class BuyerNotificationsGrain(NpgsqlDataSource database) : Grain, IBuyerNotificationsGrain
{
    public async Task<NotificationPage> ListAsync(string? cursor, int limit)
    {
        // The feed finds the buyer's orders through their entitlement rows: a library still where an earlier Claro kept it moves first.
        await GrainFactory.GetGrain<IBuyerLibraryGrain>(this.GetPrimaryKeyString()).TakeOverEarlierStorageAsync();
        return await NotificationFeed.ReadAsync(database, NotificationFeed.Audience.Buyer, this.GetPrimaryKeyString(), cursor, limit);
    }
}

[StatelessWorker(Workers.IoBound)]
public sealed class TenantNotificationsGrain(NpgsqlDataSource database) : Grain, ITenantNotificationsGrain
{
    public Task<NotificationPage> ListAsync(string? cursor, int limit) =>
        NotificationFeed.ReadAsync(database, NotificationFeed.Audience.Tenant, this.GetPrimaryKeyString(), cursor, limit);
}
