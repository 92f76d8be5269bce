using System.Globalization;
using System.Text;
using Claro.Catalog;
using Claro.Platform;
using Npgsql;
using Orleans.Concurrency;

namespace Claro.Checkout;

[StatelessWorker(Workers.IoBound)]
public sealed class TenantOrdersGrain(NpgsqlDataSource database) : Grain, ITenantOrdersGrain
{
    public async Task<OrderPage> ListAsync(string? cursor, int limit)
    {
        Paging.Check(limit);
        (DateTimeOffset PaidAt, string OrderId)? after = cursor is null ? null : Decode(cursor);

        await using var command = database.CreateCommand("""
            SELECT order_id, checkout_id, buyer_id, currency, subtotal, platform_fee, status, paid_at
              FROM orders
             WHERE tenant_id = @tenant
               AND (@after_paid::timestamptz IS NULL OR (paid_at, order_id) < (@after_paid, @after_order))
             ORDER BY paid_at DESC, order_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", this.GetPrimaryKeyString());
        command.Parameters.AddWithValue("after_paid", after is { } a ? a.PaidAt : DBNull.Value);
        command.Parameters.AddWithValue("after_order", after is { } b ? b.OrderId : DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);

        var items = new List<OrderSummary>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var currency = reader.GetString(3);
            items.Add(new OrderSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                new Money(reader.GetInt64(4), currency), new Money(reader.GetInt64(5), currency),
                reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        var next = items.Count > limit ? Encode(items[limit - 1]) : null;
        return new OrderPage(items.Take(limit).ToList(), next);
    }

    private static string Encode(OrderSummary last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.PaidAt.UtcTicks}|{last.OrderId}"));

    private static (DateTimeOffset PaidAt, string OrderId) Decode(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|', 2);
            return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), parts[1]);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new ValidationException("cursor", "Not a cursor this list gave out.");
        }
    }
}
