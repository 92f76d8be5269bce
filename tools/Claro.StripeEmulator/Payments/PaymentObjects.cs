using System.Text.Json.Nodes;

namespace Claro.StripeEmulator.Payments;

public sealed class PaymentIntent : IStripeObject
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public long? ApplicationFeeAmount { get; init; }
    public string? Destination { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public required string Status { get; set; }
    public required string LatestChargeId { get; init; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "payment_intent",
        ["amount"] = Amount,
        ["amount_capturable"] = 0,
        ["amount_received"] = Status == "succeeded" ? Amount : 0,
        ["application_fee_amount"] = ApplicationFeeAmount,
        ["capture_method"] = "automatic",
        ["created"] = Created,
        ["currency"] = Currency,
        ["latest_charge"] = LatestChargeId,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Metadata(Metadata),
        ["payment_method_types"] = StripeJson.Strings(["card"]),
        ["status"] = Status,
        ["transfer_data"] = Destination is null ? null : new JsonObject { ["destination"] = Destination },
    };
}

public sealed class Charge : IStripeObject
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string PaymentIntentId { get; init; }
    public long? ApplicationFeeAmount { get; init; }
    public string? Destination { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public required string Status { get; set; }
    public long AmountRefunded { get; set; }
    public bool Disputed { get; set; }

    public long Refundable => Status == "succeeded" ? Amount - AmountRefunded : 0;

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "charge",
        ["amount"] = Amount,
        ["amount_captured"] = Status == "succeeded" ? Amount : 0,
        ["amount_refunded"] = AmountRefunded,
        ["application_fee_amount"] = ApplicationFeeAmount,
        ["captured"] = Status == "succeeded",
        ["created"] = Created,
        ["currency"] = Currency,
        ["disputed"] = Disputed,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Metadata(Metadata),
        ["paid"] = Status == "succeeded",
        ["payment_intent"] = PaymentIntentId,
        ["refunded"] = Status == "succeeded" && AmountRefunded == Amount,
        ["status"] = Status,
        ["transfer_data"] = Destination is null ? null : new JsonObject { ["amount"] = null, ["destination"] = Destination },
    };
}

public sealed class Refund : IStripeObject
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string ChargeId { get; init; }
    public required string PaymentIntentId { get; init; }
    public string? Reason { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "refund",
        ["amount"] = Amount,
        ["charge"] = ChargeId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["metadata"] = StripeJson.Metadata(Metadata),
        ["payment_intent"] = PaymentIntentId,
        ["reason"] = Reason,
        ["status"] = "succeeded",
    };
}

public sealed class Dispute : IStripeObject
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string ChargeId { get; init; }
    public required string PaymentIntentId { get; init; }
    public required string Status { get; set; }

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "dispute",
        ["amount"] = Amount,
        ["charge"] = ChargeId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["is_charge_refundable"] = false,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["payment_intent"] = PaymentIntentId,
        ["reason"] = "fraudulent",
        ["status"] = Status,
    };
}
