using Claro.StripeEmulator.Api;
using Claro.StripeEmulator.Payments;

namespace Claro.StripeEmulator;

public sealed partial class EmulatorState
{
    private static readonly string[] RefundReasons = ["duplicate", "fraudulent", "requested_by_customer"];

    public string CreateRefund(FormBody form)
    {
        var reason = form.Text("reason");
        if (reason is not null && !RefundReasons.Contains(reason))
        {
            throw StripeApiException.Invalid("reason", $"Invalid reason: must be one of {string.Join(", ", RefundReasons)}");
        }
        var amount = form.Integer("amount");
        lock (_gate)
        {
            var charge = form.Text("payment_intent") is { } intentId
                ? Get<Charge>(Get<PaymentIntent>(intentId, "payment_intent", "payment_intent").LatestChargeId, "charge")
                : form.Text("charge") is { } chargeId
                    ? Get<Charge>(chargeId, "charge", "charge")
                    : throw StripeApiException.Missing("payment_intent");
            return Refund(charge, amount, reason, form.Dictionary("metadata"));
        }
    }

    public string RefundPaymentIntent(string intentId, long? amount)
    {
        lock (_gate)
        {
            var intent = Get<PaymentIntent>(intentId, "payment_intent");
            return Refund(Get<Charge>(intent.LatestChargeId, "charge"), amount, "requested_by_customer", new Dictionary<string, string>());
        }
    }

    public string DisputePaymentIntent(string intentId)
    {
        lock (_gate)
        {
            var intent = Get<PaymentIntent>(intentId, "payment_intent");
            var charge = Get<Charge>(intent.LatestChargeId, "charge");
            if (charge.Status != "succeeded")
            {
                throw StripeApiException.State($"PaymentIntent {intentId} has no successful charge to dispute.", "payment_intent_unexpected_state");
            }
            if (charge.Disputed)
            {
                throw StripeApiException.State($"Charge {charge.Id} is already disputed.", "charge_disputed");
            }
            charge.Disputed = true;
            var dispute = Add(new Dispute
            {
                Id = StripeIds.New("dp_"),
                Created = Now,
                Amount = charge.Amount - charge.AmountRefunded,
                Currency = charge.Currency,
                ChargeId = charge.Id,
                PaymentIntentId = intent.Id,
                Status = "needs_response",
            });
            Emit("charge.dispute.created", dispute);
            return dispute.Id;
        }
    }

    public string CloseDispute(string disputeId, string? outcome)
    {
        if (outcome is not ("won" or "lost"))
        {
            throw StripeApiException.Invalid("outcome", "Invalid outcome: must be one of won or lost");
        }
        lock (_gate)
        {
            var dispute = Get<Dispute>(disputeId, "dispute");
            if (dispute.Status is "won" or "lost")
            {
                throw StripeApiException.State($"Dispute {disputeId} is already closed ({dispute.Status}).", "dispute_already_closed");
            }
            var previous = dispute.Status;
            dispute.Status = outcome;
            Emit("charge.dispute.closed", dispute, new() { ["status"] = previous });
            return dispute.Id;
        }
    }

    private string Refund(Charge charge, long? amount, string? reason, IReadOnlyDictionary<string, string> metadata)
    {
        if (charge.Status != "succeeded")
        {
            throw StripeApiException.State($"PaymentIntent {charge.PaymentIntentId} does not have a successful charge to refund.", "payment_intent_unexpected_state");
        }
        if (charge.Disputed)
        {
            throw StripeApiException.State($"Charge {charge.Id} has been charged back; cannot issue a refund.", "charge_disputed");
        }
        if (charge.Refundable == 0)
        {
            throw StripeApiException.State($"Charge {charge.Id} has already been refunded.", "charge_already_refunded");
        }
        var refundAmount = amount ?? charge.Refundable;
        if (refundAmount <= 0)
        {
            throw StripeApiException.Invalid("amount", "This value must be greater than or equal to 1.", "parameter_invalid_integer");
        }
        if (refundAmount > charge.Refundable)
        {
            throw StripeApiException.Invalid("amount",
                $"Refund amount ({refundAmount}) is greater than unrefunded amount on charge ({charge.Refundable})", "amount_too_large");
        }
        var previous = new System.Text.Json.Nodes.JsonObject { ["amount_refunded"] = charge.AmountRefunded, ["refunded"] = false };
        charge.AmountRefunded += refundAmount;
        var refund = Add(new Refund
        {
            Id = StripeIds.New("re_"),
            Created = Now,
            Amount = refundAmount,
            Currency = charge.Currency,
            ChargeId = charge.Id,
            PaymentIntentId = charge.PaymentIntentId,
            Reason = reason,
            Metadata = metadata,
        });
        Emit("charge.refunded", charge, previous);
        return refund.Id;
    }
}
