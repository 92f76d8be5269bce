using Npgsql;

namespace Claro.Checkout;

/// <summary>
/// The webhook inbox row of one Stripe event: written once per event id, counting deliveries, and
/// marked handled once the event was applied. Written alone by the webhook grain, or by the
/// checkout-session grain in the transaction that applies the event.
/// </summary>
public static class StripeInbox
{
    private const string RecordSql = """
        INSERT INTO stripe_webhook_inbox (event_id, type, api_version, payload_sha256, handled_at)
        VALUES (@id, @type, @version, @sha, CASE WHEN @handled THEN now() END)
        ON CONFLICT (event_id) DO UPDATE
           SET deliveries = stripe_webhook_inbox.deliveries + 1, last_seen_at = now(),
               handled_at = coalesce(stripe_webhook_inbox.handled_at, EXCLUDED.handled_at)
        RETURNING deliveries = 1
        """;

    /// <summary>Records one delivery in its own transaction; true the first time this event id is seen.</summary>
    public static async Task<bool> RecordAsync(NpgsqlDataSource database, StripeDelivery delivery, bool handled)
    {
        await using var command = database.CreateCommand(RecordSql);
        AddParameters(command.Parameters, delivery, handled);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The same, as part of a batch; it returns one row, true the first time.</summary>
    public static NpgsqlBatchCommand Record(StripeDelivery delivery)
    {
        var command = new NpgsqlBatchCommand(RecordSql);
        AddParameters(command.Parameters, delivery, handled: true);
        return command;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, StripeDelivery delivery, bool handled)
    {
        parameters.AddWithValue("id", delivery.EventId);
        parameters.AddWithValue("type", delivery.Type);
        parameters.AddWithValue("version", (object?)delivery.ApiVersion ?? DBNull.Value);
        parameters.AddWithValue("sha", delivery.PayloadSha256);
        parameters.AddWithValue("handled", handled);
    }
}
