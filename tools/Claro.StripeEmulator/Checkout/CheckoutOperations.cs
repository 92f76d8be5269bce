using Claro.StripeEmulator.Accounts;
using Claro.StripeEmulator.Api;
using Claro.StripeEmulator.Checkout;
using Claro.StripeEmulator.Payments;

namespace Claro.StripeEmulator;

public sealed partial class EmulatorState
{
    private const string FeeParam = "payment_intent_data[application_fee_amount]";
    private const string DestinationParam = "payment_intent_data[transfer_data][destination]";

    public string CreateCheckoutSession(FormBody form, string baseUrl)
    {
        var mode = form.Text("mode") ?? throw StripeApiException.Missing("mode");
        if (mode != "payment")
        {
            throw StripeApiException.Invalid("mode", "The emulator supports only mode=payment.");
        }
        var lines = LineItems(form);
        var total = lines.Sum(l => l.Amount);
        var fee = form.Integer(FeeParam);
        var destination = form.Text(DestinationParam);
        if (fee is < 0)
        {
            throw StripeApiException.Invalid(FeeParam, "The application fee amount cannot be negative.", "parameter_invalid_integer");
        }
        if (fee > total)
        {
            throw StripeApiException.Invalid(FeeParam,
                $"The application fee amount ({fee}) must be less than or equal to the total amount ({total}).", "amount_too_large");
        }
        if (fee is not null && destination is null)
        {
            throw StripeApiException.Invalid(FeeParam,
                "Can only apply an application_fee_amount when the PaymentIntent is attempting a destination payment (using `transfer_data[destination]`).");
        }

        lock (_gate)
        {
            var now = Now;
            var expiresAt = form.Integer("expires_at") ?? now + 24 * 3600;
            if (expiresAt < now + 30 * 60 - 60 || expiresAt > now + 24 * 3600 + 60)
            {
                throw StripeApiException.Invalid("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.");
            }
            if (destination is not null)
            {
                var account = _objects.GetValueOrDefault(destination) as Account
                    ?? throw StripeApiException.NoSuch("destination", destination, DestinationParam);
                if (!account.ChargesEnabled)
                {
                    throw StripeApiException.Invalid(DestinationParam,
                        "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
                        "insufficient_capabilities_for_transfer");
                }
            }
            var id = StripeIds.New("cs_test_", 58);
            return Add(new CheckoutSession
            {
                Id = id,
                Created = now,
                ExpiresAt = expiresAt,
                Currency = lines[0].Currency,
                Lines = lines,
                ApplicationFeeAmount = fee,
                Destination = destination,
                Metadata = form.Dictionary("metadata"),
                PaymentIntentMetadata = form.Dictionary("payment_intent_data[metadata]"),
                ClientReferenceId = form.Text("client_reference_id"),
                CustomerEmail = form.Text("customer_email"),
                SuccessUrl = form.Text("success_url"),
                CancelUrl = form.Text("cancel_url"),
                Url = $"{baseUrl}/c/pay/{id}",
            }).Id;
        }
    }

    public CheckoutSession? FindCheckoutSession(string id)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault(id) as CheckoutSession;
        }
    }

    /// <summary>
    /// The buyer pays. Synchronously the session completes <c>paid</c>; asynchronously (a bank
    /// debit) it completes <c>unpaid</c> with a processing payment until the bank answers.
    /// </summary>
    public string PayCheckoutSession(string id, bool asynchronous)
    {
        lock (_gate)
        {
            var session = OpenSession(id, "paid");
            var charge = Add(new Charge
            {
                Id = StripeIds.New("ch_"),
                Created = Now,
                Amount = session.AmountTotal,
                Currency = session.Currency,
                PaymentIntentId = StripeIds.New("pi_"),
                ApplicationFeeAmount = session.ApplicationFeeAmount,
                Destination = session.Destination,
                Metadata = session.PaymentIntentMetadata,
                Status = asynchronous ? "pending" : "succeeded",
            });
            Add(new PaymentIntent
            {
                Id = charge.PaymentIntentId,
                Created = Now,
                Amount = charge.Amount,
                Currency = charge.Currency,
                ApplicationFeeAmount = charge.ApplicationFeeAmount,
                Destination = charge.Destination,
                Metadata = charge.Metadata,
                Status = asynchronous ? "processing" : "succeeded",
                LatestChargeId = charge.Id,
            });
            session.Status = "complete";
            session.PaymentStatus = asynchronous ? "unpaid" : "paid";
            session.PaymentIntentId = charge.PaymentIntentId;
            Emit("checkout.session.completed", session);
            return session.Id;
        }
    }

    public string SettleAsyncPayment(string id, bool succeeded)
    {
        lock (_gate)
        {
            var session = Get<CheckoutSession>(id, "checkout.session");
            var intent = session.PaymentIntentId is { } piId ? Get<PaymentIntent>(piId, "payment_intent") : null;
            if (intent is not { Status: "processing" })
            {
                throw StripeApiException.State(
                    $"Checkout Session {id} has no asynchronous payment waiting; pay it with {{\"async\": true}} first.", "payment_intent_unexpected_state");
            }
            var charge = Get<Charge>(intent.LatestChargeId, "charge");
            charge.Status = succeeded ? "succeeded" : "failed";
            intent.Status = succeeded ? "succeeded" : "requires_payment_method";
            session.PaymentStatus = succeeded ? "paid" : "unpaid";
            Emit(succeeded ? "checkout.session.async_payment_succeeded" : "checkout.session.async_payment_failed", session);
            return session.Id;
        }
    }

    public string ExpireCheckoutSession(string id)
    {
        lock (_gate)
        {
            var session = OpenSession(id, "expired");
            session.Status = "expired";
            Emit("checkout.session.expired", session, new() { ["status"] = "open" });
            return session.Id;
        }
    }

    /// <summary>Open sessions whose <c>expires_at</c> has passed expire, as Stripe expires them.</summary>
    public void ExpireDueSessions()
    {
        lock (_gate)
        {
            var now = Now;
            foreach (var session in _objects.Values.OfType<CheckoutSession>().Where(s => s.Status == "open" && s.ExpiresAt <= now).ToList())
            {
                ExpireCheckoutSession(session.Id);
            }
        }
    }

    private CheckoutSession OpenSession(string id, string becoming)
    {
        var session = Get<CheckoutSession>(id, "checkout.session");
        return session.Status == "open"
            ? session
            : throw StripeApiException.State(
                $"Checkout Session {id} is {session.Status}; only an open session can be {becoming}.", "checkout_session_not_open");
    }

    private static List<LineItem> LineItems(FormBody form)
    {
        var items = form.List("line_items");
        if (items.Count == 0)
        {
            throw StripeApiException.Missing("line_items");
        }
        var lines = new List<LineItem>();
        for (var i = 0; i < items.Count; i++)
        {
            var p = $"line_items[{i}]";
            var item = items[i] as FormBody ?? throw StripeApiException.Invalid(p, $"Invalid {p}: expected an object.");
            if (item.Text("price") is { } price)
            {
                throw StripeApiException.NoSuch("price", price, $"{p}[price]");
            }
            if (item.Node("price_data") is null)
            {
                throw StripeApiException.Missing($"{p}[price_data]");
            }
            var currency = item.Text("price_data[currency]")?.ToLowerInvariant() ?? throw StripeApiException.Missing($"{p}[price_data][currency]");
            var unitAmount = Integer(item, p, "price_data[unit_amount]") ?? throw StripeApiException.Missing($"{p}[price_data][unit_amount]");
            var name = item.Text("price_data[product_data][name]") ?? item.Text("price_data[product]")
                ?? throw StripeApiException.Missing($"{p}[price_data][product_data][name]");
            var quantity = Integer(item, p, "quantity") ?? throw StripeApiException.Missing($"{p}[quantity]");
            if (unitAmount < 0)
            {
                throw StripeApiException.Invalid($"{p}[price_data][unit_amount]", "This value must be greater than or equal to 0.", "parameter_invalid_integer");
            }
            if (quantity < 1)
            {
                throw StripeApiException.Invalid($"{p}[quantity]", "This value must be greater than or equal to 1.", "parameter_invalid_integer");
            }
            if (lines.Count > 0 && lines[0].Currency != currency)
            {
                throw StripeApiException.Invalid($"{p}[price_data][currency]", "All line items must use the same currency.");
            }
            lines.Add(new LineItem(StripeIds.New("li_"), StripeIds.New("price_"), StripeIds.New("prod_"), name,
                item.Text("price_data[product_data][description]"), currency, unitAmount, quantity));
        }
        return lines;
    }

    private static long? Integer(FormBody item, string prefix, string name)
    {
        try
        {
            return item.Integer(name);
        }
        catch (StripeApiException e)
        {
            var bracket = name.IndexOf('[');
            var param = bracket < 0 ? $"{prefix}[{name}]" : $"{prefix}[{name[..bracket]}]{name[bracket..]}";
            throw StripeApiException.Invalid(param, e.Message, "parameter_invalid_integer");
        }
    }
}
