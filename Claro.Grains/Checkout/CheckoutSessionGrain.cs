using System.Text.Json;
using Claro.Carts;
using Claro.Catalog;
using Claro.Library;
using Claro.Platform;
using Npgsql;
using NpgsqlTypes;
using Stripe;
using Stripe.Checkout;

namespace Claro.Checkout;

/// <summary>Deliberately not [Reentrant]: Stripe's concurrent retries of one event must queue.</summary>
public sealed class CheckoutSessionGrain(
    [PersistentState(StorageNames.CheckoutSession, StorageNames.Provider)] IPersistentState<CheckoutSessionState> session,
    IStripeClient stripe,
    NpgsqlDataSource database,
    ClaroSettings settings,
    TimeProvider clock) : Grain, ICheckoutSessionGrain
{
    private string BuyerId => TenantKey.TenantOf(this.GetPrimaryKeyString());
    private string CheckoutId => TenantKey.IdOf(this.GetPrimaryKeyString());

    /// <summary>A crash between the write-ahead and the steps is healed here, on the next activation.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        session.State.PendingSteps.Count > 0 ? FulfilAsync() : Task.CompletedTask;

    public async Task<CheckoutView> OpenAsync(OpenCheckout request)
    {
        if (session.State.Exists)
            return ToView();

        var now = clock.GetUtcNow();
        session.State = new CheckoutSessionState
        {
            Exists = true,
            TenantId = request.TenantId,
            StripeAccountId = request.StripeAccountId,
            Lines = request.Lines.ToList(),
            Subtotal = request.Subtotal,
            PlatformFee = request.PlatformFee,
            FeeRateBps = request.FeeRateBps,
            Status = CheckoutStatus.Open,
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt,
        };
        // Persisted before Stripe hears of it, so a paid session always finds its lines here.
        await session.WriteStateAsync();

        Session created;
        try
        {
            created = await new SessionService(stripe).CreateAsync(StripeSessionFor(request), new RequestOptions { IdempotencyKey = CheckoutId });
        }
        catch (StripeException e)
        {
            session.State.Status = CheckoutStatus.Failed;
            session.State.PendingSteps = [FulfilmentStep.ReleaseKeys];
            await session.WriteStateAsync();
            await FulfilAsync();
            throw new ConflictException("checkout_failed", $"Stripe refused the checkout: {e.StripeError?.Message ?? e.Message}");
        }
        session.State.StripeSessionId = created.Id;
        session.State.Url = created.Url;
        await session.WriteStateAsync();
        return ToView();
    }

    public Task<CheckoutView> GetAsync() =>
        session.State.Exists ? Task.FromResult(ToView()) : throw new NotFoundException();

    public async Task ApplyStripeEventAsync(StripeEventNotice notice)
    {
        if (!session.State.Exists || !session.State.AppliedEventIds.Add(notice.EventId))
            return;

        var state = session.State;
        state.PaymentIntentId ??= notice.PaymentIntentId;
        switch (notice.Type)
        {
            case "checkout.session.completed" when notice.PaymentStatus is "paid" or "no_payment_required":
            case "checkout.session.async_payment_succeeded":
                if (state.Status is CheckoutStatus.Open or CheckoutStatus.Expired)
                {
                    state.Status = CheckoutStatus.Paid;
                    state.OrderId ??= "ord_" + CheckoutId["co_".Length..];
                    state.PaidAt = notice.Created;
                    state.PaidByEventId = notice.EventId;
                    state.PendingSteps =
                    [
                        FulfilmentStep.RecordOrder, FulfilmentStep.AssignKeys, FulfilmentStep.GrantAccess,
                        FulfilmentStep.AuditPaid, FulfilmentStep.ClearCart,
                    ];
                }
                break;
            case "checkout.session.async_payment_failed":
                if (state.Status == CheckoutStatus.Open)
                {
                    state.Status = CheckoutStatus.Failed;
                    state.PendingSteps = [FulfilmentStep.ReleaseKeys];
                }
                break;
            case "checkout.session.expired":
                if (state.Status == CheckoutStatus.Open)
                {
                    state.Status = CheckoutStatus.Expired;
                    state.PendingSteps = [FulfilmentStep.ReleaseKeys];
                }
                break;
        }
        await session.WriteStateAsync();
        if (state.PendingSteps.Count > 0)
            await FulfilAsync();
    }

    private async Task FulfilAsync()
    {
        var state = session.State;
        foreach (var step in state.PendingSteps.ToList())
        {
            await PerformAsync(step);
            state.PendingSteps.Remove(step);
        }
        if (state.Status == CheckoutStatus.Paid)
            state.Status = CheckoutStatus.Fulfilled;
        await session.WriteStateAsync();
    }

    private Task PerformAsync(FulfilmentStep step) => step switch
    {
        FulfilmentStep.RecordOrder => RecordOrderAsync(),
        FulfilmentStep.GrantAccess => GrantAccessAsync(),
        FulfilmentStep.AssignKeys => ForEachLineAsync((stock, line) => stock.AssignAsync(CheckoutId, OrderLineId(line), line.Quantity)),
        FulfilmentStep.ReleaseKeys => ForEachLineAsync((stock, _) => stock.ReleaseAsync(CheckoutId)),
        FulfilmentStep.AuditPaid => AuditAsync("order.paid", session.State.PaidByEventId!),
        FulfilmentStep.ClearCart => GrainFactory.GetGrain<ICartGrain>(CartKey.For(BuyerId, session.State.TenantId)).ClearAsync(),
        _ => throw new InvalidOperationException($"Unknown fulfilment step {step}."),
    };

    private async Task RecordOrderAsync()
    {
        var state = session.State;
        await using var command = database.CreateCommand("""
            INSERT INTO orders (order_id, checkout_id, stripe_session_id, payment_intent_id, tenant_id, buyer_id,
                                currency, subtotal, platform_fee, lines, status, paid_at)
            VALUES (@order, @checkout, @session, @intent, @tenant, @buyer, @currency, @subtotal, @fee, @lines, 'paid', @paid)
            ON CONFLICT (order_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("order", state.OrderId!);
        command.Parameters.AddWithValue("checkout", CheckoutId);
        command.Parameters.AddWithValue("session", state.StripeSessionId ?? CheckoutId);
        command.Parameters.AddWithValue("intent", (object?)state.PaymentIntentId ?? DBNull.Value);
        command.Parameters.AddWithValue("tenant", state.TenantId);
        command.Parameters.AddWithValue("buyer", BuyerId);
        command.Parameters.AddWithValue("currency", state.Subtotal.Currency);
        command.Parameters.AddWithValue("subtotal", state.Subtotal.Amount);
        command.Parameters.AddWithValue("fee", state.PlatformFee.Amount);
        command.Parameters.AddWithValue("lines", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(state.Lines, JsonSerializerOptions.Web));
        command.Parameters.AddWithValue("paid", state.PaidAt!.Value);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>An order line's id: the order and the product, so key assignment is once per line.</summary>
    public static string OrderLineId(string orderId, string productId) => orderId + "/" + productId;

    private string OrderLineId(PricedLine line) => OrderLineId(session.State.OrderId!, line.ProductId);

    private async Task ForEachLineAsync(Func<IStockGrain, PricedLine, Task> step)
    {
        foreach (var line in session.State.Lines)
            await step(GrainFactory.GetGrain<IStockGrain>(TenantKey.For(session.State.TenantId, line.ProductId)), line);
    }

    private async Task GrantAccessAsync()
    {
        var state = session.State;
        var library = GrainFactory.GetGrain<IBuyerLibraryGrain>(BuyerId);
        foreach (var line in state.Lines)
        {
            await library.GrantAsync(new Entitlement(state.OrderId!, state.TenantId, line.ProductId, line.Title, line.Quantity,
                state.PaidAt!.Value, EntitlementState.Live));
        }
    }

    private async Task AuditAsync(string kind, string sourceEvent)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO audit_events (tenant_id, order_id, kind, source_event, detail)
            VALUES (@tenant, @order, @kind, @source, @detail)
            ON CONFLICT (order_id, kind, source_event) DO NOTHING
            """);
        command.Parameters.AddWithValue("tenant", session.State.TenantId);
        command.Parameters.AddWithValue("order", session.State.OrderId!);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("source", sourceEvent);
        command.Parameters.AddWithValue("detail", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(new { checkoutId = CheckoutId, status = session.State.Status.ToString() }));
        await command.ExecuteNonQueryAsync();
    }

    private SessionCreateOptions StripeSessionFor(OpenCheckout request)
    {
        var metadata = new Dictionary<string, string> { ["checkoutId"] = CheckoutId, ["buyerId"] = BuyerId, ["tenantId"] = request.TenantId };
        var back = settings.PublicBaseUrl.TrimEnd('/');
        return new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = CheckoutId,
            Metadata = metadata,
            ExpiresAt = session.State.ExpiresAt.UtcDateTime,
            SuccessUrl = $"{back}/checkout/success?checkout={CheckoutId}",
            CancelUrl = $"{back}/checkout/cancel?checkout={CheckoutId}",
            LineItems = request.Lines.Select(line => new SessionLineItemOptions
            {
                Quantity = line.Quantity,
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = line.UnitPrice.Currency,
                    UnitAmount = line.UnitPrice.Amount,
                    ProductData = new SessionLineItemPriceDataProductDataOptions
                    {
                        Name = line.Title,
                        Metadata = new Dictionary<string, string> { ["productId"] = line.ProductId },
                    },
                },
            }).ToList(),
            PaymentIntentData = new SessionPaymentIntentDataOptions
            {
                ApplicationFeeAmount = request.PlatformFee.Amount,
                TransferData = new SessionPaymentIntentDataTransferDataOptions { Destination = request.StripeAccountId },
                Metadata = metadata,
            },
        };
    }

    private CheckoutView ToView()
    {
        var state = session.State;
        return new CheckoutView(CheckoutId, state.TenantId, state.Status, state.Lines, state.Subtotal, state.PlatformFee,
            state.StripeSessionId, state.Url, state.OrderId, state.CreatedAt);
    }
}
