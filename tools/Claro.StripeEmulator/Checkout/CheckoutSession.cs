using System.Text.Json.Nodes;

namespace Claro.StripeEmulator.Checkout;

public sealed record LineItem(string Id, string PriceId, string ProductId, string Name, string? Description, string Currency, long UnitAmount, long Quantity)
{
    public long Amount => UnitAmount * Quantity;

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "item",
        ["amount_discount"] = 0,
        ["amount_subtotal"] = Amount,
        ["amount_tax"] = 0,
        ["amount_total"] = Amount,
        ["currency"] = Currency,
        ["description"] = Name,
        ["price"] = new JsonObject
        {
            ["id"] = PriceId,
            ["object"] = "price",
            ["active"] = false,
            ["currency"] = Currency,
            ["livemode"] = false,
            ["product"] = ProductId,
            ["type"] = "one_time",
            ["unit_amount"] = UnitAmount,
        },
        ["quantity"] = Quantity,
    };
}

/// <summary>
/// A Checkout Session in <c>payment</c> mode: <c>open</c> until paid (<c>complete</c>) or
/// expired; an asynchronous payment completes it <c>unpaid</c> until the bank answers.
/// </summary>
public sealed class CheckoutSession : IStripeObject
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required long ExpiresAt { get; init; }
    public required string Currency { get; init; }
    public required IReadOnlyList<LineItem> Lines { get; init; }
    public long? ApplicationFeeAmount { get; init; }
    public string? Destination { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public required IReadOnlyDictionary<string, string> PaymentIntentMetadata { get; init; }
    public string? ClientReferenceId { get; init; }
    public string? CustomerEmail { get; init; }
    public string? SuccessUrl { get; init; }
    public string? CancelUrl { get; init; }
    public required string Url { get; init; }

    public string Status { get; set; } = "open";
    public string PaymentStatus { get; set; } = "unpaid";
    public string? PaymentIntentId { get; set; }

    public long AmountTotal => Lines.Sum(l => l.Amount);

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["object"] = "checkout.session",
        ["amount_subtotal"] = AmountTotal,
        ["amount_total"] = AmountTotal,
        ["cancel_url"] = CancelUrl,
        ["client_reference_id"] = ClientReferenceId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer_details"] = Status == "complete"
            ? new JsonObject { ["email"] = CustomerEmail ?? "buyer@example.com", ["name"] = null }
            : null,
        ["customer_email"] = CustomerEmail,
        ["expires_at"] = ExpiresAt,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Metadata(Metadata),
        ["mode"] = "payment",
        ["payment_intent"] = PaymentIntentId,
        ["payment_method_types"] = StripeJson.Strings(["card"]),
        ["payment_status"] = PaymentStatus,
        ["status"] = Status,
        ["success_url"] = SuccessUrl,
        ["total_details"] = new JsonObject { ["amount_discount"] = 0, ["amount_shipping"] = 0, ["amount_tax"] = 0 },
        ["ui_mode"] = "hosted",
        ["url"] = Status == "open" ? Url : null,
    };

    public JsonNode? ExpandOnly(string field) => field == "line_items"
        ? StripeJson.List($"/v1/checkout/sessions/{Id}/line_items", Lines.Select(l => l.ToJson()))
        : null;
}
