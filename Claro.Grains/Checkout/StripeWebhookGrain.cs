using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Claro.Platform;
using Claro.Tenants;
using Npgsql;
using Orleans.Concurrency;
using Stripe;

namespace Claro.Checkout;

[StatelessWorker(Workers.IoBound)]
public sealed class StripeWebhookGrain(NpgsqlDataSource database, ClaroSettings settings, TimeProvider clock) : Grain, IStripeWebhookGrain
{
    public async Task<WebhookOutcome> ReceiveAsync(string payload, string signatureHeader)
    {
        try
        {
            EventUtility.ValidateSignature(payload, signatureHeader, settings.StripeWebhookSecret, StripeWebhooks.SignatureToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (StripeException)
        {
            throw new ValidationException("Stripe-Signature", "The signature is missing, wrong or too old.");
        }

        var stripeEvent = StripeEventEnvelope.Parse(payload);
        var delivery = new StripeDelivery(stripeEvent.Id, stripeEvent.Type, stripeEvent.ApiVersion, SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
        Dispatched dispatched;
        try
        {
            dispatched = await DispatchAsync(stripeEvent, delivery);
        }
        catch (Exception e) when (e is not FulfilmentPendingException)
        {
            // Stripe hears an error and delivers again; the inbox shows the attempt as not handled.
            await StripeInbox.RecordAsync(database, delivery, handled: false);
            throw;
        }
        // Recorded after it was applied (by the grain that applied it, in the same transaction, or
        // here): Stripe hears 200 only once both are durable.
        var firstDelivery = dispatched.FirstDelivery ?? await StripeInbox.RecordAsync(database, delivery, dispatched.Handled);
        return new WebhookOutcome(stripeEvent.Id, stripeEvent.Type, firstDelivery, dispatched.Handled);
    }

    /// <summary>Whether Claro acted on the event, and whether it was the first delivery if the grain that acted recorded it.</summary>
    private readonly record struct Dispatched(bool Handled, bool? FirstDelivery = null);

    /// <summary>Hands the event to the grain it concerns; not handled for events Claro does not act on.</summary>
    private async Task<Dispatched> DispatchAsync(StripeEventEnvelope stripeEvent, StripeDelivery delivery)
    {
        switch (stripeEvent.Type)
        {
            case "account.updated":
                var accountId = stripeEvent.ObjectString("id");
                var tenantId = accountId is null ? null : await GrainFactory.GetGrain<IStripeAccountIndexGrain>(accountId).GetTenantIdAsync();
                if (tenantId is null)
                    return new Dispatched(false);
                await GrainFactory.GetGrain<ITenantGrain>(tenantId).ApplyStripeAccountAsync(new StripeAccountSnapshot(
                    accountId!,
                    stripeEvent.ObjectFlag("charges_enabled"),
                    stripeEvent.ObjectFlag("payouts_enabled"),
                    RequirementsDue(stripeEvent.Object),
                    stripeEvent.Created));
                return new Dispatched(true);
            case "checkout.session.completed" or "checkout.session.async_payment_succeeded"
                or "checkout.session.async_payment_failed" or "checkout.session.expired":
                if (CheckoutOf(stripeEvent.Object) is not { } checkout)
                    return new Dispatched(false);
                return new Dispatched(true, await checkout.ApplyStripeEventAsync(new StripeEventNotice(
                    stripeEvent.Id, stripeEvent.Type, stripeEvent.Created,
                    stripeEvent.ObjectString("payment_status"), stripeEvent.ObjectString("payment_intent")), delivery));
            case "charge.refunded" or "charge.dispute.created" or "charge.dispute.closed":
                var intent = stripeEvent.ObjectString("payment_intent");
                if (intent is null)
                    return new Dispatched(false);
                // Every payment on Claro's account is a checkout's; one without an order yet must be delivered again.
                var checkoutKey = await CheckoutKeyOfPaymentAsync(intent)
                    ?? throw new ConflictException("payment_not_settled", "This payment is not recorded yet; deliver again later.");
                return new Dispatched(true, await GrainFactory.GetGrain<ICheckoutSessionGrain>(checkoutKey).ApplyStripeEventAsync(new StripeEventNotice(
                    stripeEvent.Id, stripeEvent.Type, stripeEvent.Created, null, intent,
                    stripeEvent.ObjectLong("amount_refunded"), stripeEvent.ObjectString("status")), delivery));
            default:
                return new Dispatched(false);
        }
    }

    /// <summary>The session grain named in the metadata Claro put on the Stripe session, if any.</summary>
    private ICheckoutSessionGrain? CheckoutOf(JsonElement stripeSession) =>
        stripeSession.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("checkoutId", out var checkoutId) && checkoutId.GetString() is { Length: > 0 } id
        && metadata.TryGetProperty("buyerId", out var buyerId) && buyerId.GetString() is { Length: > 0 } buyer
            ? GrainFactory.GetGrain<ICheckoutSessionGrain>(CheckoutKey.For(buyer, id))
            : null;

    private static List<string> RequirementsDue(JsonElement account) =>
        account.TryGetProperty("requirements", out var requirements)
        && requirements.ValueKind == JsonValueKind.Object
        && requirements.TryGetProperty("currently_due", out var due)
        && due.ValueKind == JsonValueKind.Array
            ? due.EnumerateArray().Select(item => item.GetString()).OfType<string>().ToList()
            : [];

    /// <summary>The checkout-session key of the order paid by this payment intent, if its order is recorded.</summary>
    private async Task<string?> CheckoutKeyOfPaymentAsync(string paymentIntentId)
    {
        await using var command = database.CreateCommand("SELECT buyer_id, checkout_id FROM orders WHERE payment_intent_id = @intent");
        command.Parameters.AddWithValue("intent", paymentIntentId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? CheckoutKey.For(reader.GetString(0), reader.GetString(1)) : null;
    }
}
