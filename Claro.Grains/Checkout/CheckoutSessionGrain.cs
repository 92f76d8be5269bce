using System.Text.Json;
using Claro.Carts;
using Claro.Catalog;
using Claro.Library;
using Claro.Platform;
using Npgsql;
using NpgsqlTypes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Stripe;
using Stripe.Checkout;

namespace Claro.Checkout;

/// <summary>Deliberately not [Reentrant]: Stripe's concurrent retries of one event must queue.</summary>
public sealed class CheckoutSessionGrain(
    [FromKeyedServices(StorageNames.Provider)] IGrainStorage grainStorage,
    Serializer<CheckoutSessionState> serializer,
    IStripeClient stripe,
    NpgsqlDataSource database,
    ClaroSettings settings,
    IFulfilmentFaults faults,
    TimeProvider clock) : Grain, ICheckoutSessionGrain
{
    private CheckoutSessionRecord session = null!;
    private readonly EarlierStorage<CheckoutSessionState> _earlier = new(grainStorage, StorageNames.CheckoutSession);

    private string BuyerId => TenantKey.TenantOf(this.GetPrimaryKeyString());
    private string CheckoutId => TenantKey.IdOf(this.GetPrimaryKeyString());

    /// <summary>A crash between the write-ahead and the steps is healed here, on the next activation.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        session = new CheckoutSessionRecord(this.GetPrimaryKeyString(), database, serializer);
        // A session written before checkout_sessions existed moves there. Looked for only when the
        // table has no row, so an activation of a session Claro wrote since then reads one row.
        if (!await session.ReadAsync())
            await _earlier.MoveOnceAsync(this.GetGrainId(), async earlier =>
            {
                session.State = earlier;
                await session.WriteAsync();
            });
        if (session.State.PendingSteps.Count > 0)
            await FulfilAsync();
    }

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
            CartRevision = request.CartRevision,
            KeyedProductIds = request.KeyedProductIds.ToList(),
        };
        // Persisted before Stripe hears of it, so a paid session always finds its lines here.
        await SaveAsync();

        Session created;
        try
        {
            created = await new SessionService(stripe).CreateAsync(StripeSessionFor(request), new RequestOptions { IdempotencyKey = CheckoutId });
        }
        catch (StripeException e)
        {
            session.State.Status = CheckoutStatus.Failed;
            session.State.PendingSteps = [FulfilmentStep.ReleaseKeys];
            await SaveAsync();
            await FulfilAsync();
            throw new ConflictException("checkout_failed", $"Stripe refused the checkout: {e.StripeError?.Message ?? e.Message}");
        }
        session.State.StripeSessionId = created.Id;
        session.State.Url = created.Url;
        await SaveAsync();
        return ToView();
    }

    public Task<CheckoutView> GetAsync() =>
        session.State.Exists ? Task.FromResult(ToView()) : throw new NotFoundException();

    public async Task<bool> ApplyStripeEventAsync(StripeEventNotice notice, StripeDelivery delivery)
    {
        if (!session.State.Exists)
            return await StripeInbox.RecordAsync(database, delivery, handled: true);
        // Steps a failed attempt left behind are finished before anything new is applied.
        if (session.State.PendingSteps.Count > 0)
            await FulfilAsync();
        if (session.State.AppliedEventIds.Contains(notice.EventId))
            return await StripeInbox.RecordAsync(database, delivery, handled: true);
        if (notice.Type.StartsWith("charge.", StringComparison.Ordinal) && session.State.Status == CheckoutStatus.Open)
            throw new ConflictException("payment_not_settled", "The payment of this checkout is not recorded yet; deliver again later.");

        Transition(notice);
        session.State.AppliedEventIds.Add(notice.EventId);
        // Write-ahead: the transition and the steps it owes are durable before any step runs. The
        // order row, the buyer's entitlements and the delivery's inbox row are in this database
        // too, so they commit with them instead of after them.
        var alongside = new List<NpgsqlBatchCommand>();
        if (session.State.PendingSteps.Remove(FulfilmentStep.RecordOrder))
        {
            alongside.Add(RecordOrderCommand());
            session.State.PendingAudits.Clear();
        }
        alongside.AddRange(TakeStatementSteps());
        var firstDelivery = await SaveAsync(delivery, alongside);
        if (session.State.PendingSteps.Count == 0)
            return firstDelivery;
        try
        {
            await faults.AfterWriteAheadAsync(CheckoutId);
            // Not marked done here: every step is idempotent, so the stored list only means the
            // next activation does them again, and a checkout is spared a commit. The next write
            // of this session (a later event, or that activation) stores the list as done.
            await PerformPendingStepsAsync();
        }
        catch (Exception e)
        {
            throw new FulfilmentPendingException(CheckoutId, e);
        }
        return firstDelivery;
    }

    private void Transition(StripeEventNotice notice)
    {
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
                    Owe(notice, "order.paid", FulfilmentStep.RecordOrder, FulfilmentStep.AssignKeys,
                        FulfilmentStep.GrantAccess, FulfilmentStep.ClearCart);
                }
                break;
            case "checkout.session.async_payment_failed" when state.Status == CheckoutStatus.Open:
                state.Status = CheckoutStatus.Failed;
                state.PendingSteps.Add(FulfilmentStep.ReleaseKeys);
                break;
            case "checkout.session.expired" when state.Status == CheckoutStatus.Open:
                state.Status = CheckoutStatus.Expired;
                state.PendingSteps.Add(FulfilmentStep.ReleaseKeys);
                break;
            case "charge.refunded" when notice.AmountRefunded > state.RefundedAmount:
                state.RefundedAmount = notice.AmountRefunded.Value;
                if (state.RefundedAmount >= state.Subtotal.Amount && state.Status != CheckoutStatus.Refunded)
                {
                    state.Status = CheckoutStatus.Refunded;
                    Owe(notice, "order.refunded", FulfilmentStep.RevokeAccess, FulfilmentStep.RecordOrder);
                }
                else
                {
                    Owe(notice, "order.partially_refunded", FulfilmentStep.RecordOrder);
                }
                break;
            case "charge.dispute.created" or "charge.dispute.closed" when notice.Created >= state.DisputeAsOf:
                state.DisputeAsOf = notice.Created;
                ApplyDispute(notice);
                break;
        }
    }

    /// <summary>An open dispute suspends access; a won one restores it; a lost one revokes it.</summary>
    private void ApplyDispute(StripeEventNotice notice)
    {
        var state = session.State;
        if (state.Status is not (CheckoutStatus.Fulfilled or CheckoutStatus.Reinstated or CheckoutStatus.Disputed))
            return;
        switch (notice.Type, notice.ObjectStatus)
        {
            case ("charge.dispute.created", _) when state.Status == CheckoutStatus.Disputed || state.DisputeClosed:
                // Already open, or the close overtook it (same second, chaos): the close is final.
                break;
            case ("charge.dispute.created", _):
                state.Status = CheckoutStatus.Disputed;
                Owe(notice, "order.disputed", FulfilmentStep.SuspendAccess, FulfilmentStep.RecordOrder);
                break;
            case ("charge.dispute.closed", "won"):
                state.Status = CheckoutStatus.Reinstated;
                state.DisputeClosed = true;
                Owe(notice, "order.dispute_won", FulfilmentStep.RestoreAccess, FulfilmentStep.RecordOrder);
                break;
            case ("charge.dispute.closed", "lost"):
                state.Status = CheckoutStatus.DisputeLost;
                state.DisputeClosed = true;
                Owe(notice, "order.dispute_lost", FulfilmentStep.RevokeAccess, FulfilmentStep.RecordOrder);
                break;
        }
    }

    /// <summary>
    /// Adds the steps a transition owes and the audit row that records it, under the Stripe event
    /// that caused it; <see cref="FulfilmentStep.RecordOrder"/> writes that row with the order's.
    /// </summary>
    private void Owe(StripeEventNotice notice, string auditKind, params FulfilmentStep[] steps)
    {
        session.State.PendingSteps.AddRange(steps);
        session.State.PendingAudits.Add(new AuditNote(auditKind, notice.EventId, notice.AmountRefunded));
    }

    /// <summary>Performs the steps owed and stores them as done.</summary>
    private async Task FulfilAsync()
    {
        await PerformPendingStepsAsync();
        await SaveAsync();
    }

    private async Task PerformPendingStepsAsync()
    {
        var state = session.State;
        foreach (var step in state.PendingSteps.ToList())
        {
            await PerformAsync(step);
            state.PendingSteps.Remove(step);
        }
        await faults.AfterStepsAsync(CheckoutId);
        if (state.Status == CheckoutStatus.Paid)
            state.Status = CheckoutStatus.Fulfilled;
    }

    /// <summary>
    /// A failed write leaves this activation's state ahead of the stored one (a transition applied,
    /// a step taken off the list): it is dropped, so the next call starts from what is durable.
    /// </summary>
    private async Task<bool> SaveAsync(StripeDelivery? delivery = null, IReadOnlyList<NpgsqlBatchCommand>? alongside = null)
    {
        try
        {
            return await session.WriteAsync(delivery, alongside);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private Task PerformAsync(FulfilmentStep step) => step switch
    {
        FulfilmentStep.RecordOrder => RecordOrderAsync(),
        FulfilmentStep.GrantAccess or FulfilmentStep.RevokeAccess or FulfilmentStep.SuspendAccess or FulfilmentStep.RestoreAccess
            or FulfilmentStep.ClearCart => StatementAloneAsync(step),
        FulfilmentStep.InvalidateLibrary => Library.InvalidateAsync(),
        FulfilmentStep.InvalidateCart => Cart.InvalidateAsync(),
        FulfilmentStep.AssignKeys => ForEachKeyedLineAsync((stock, line) => stock.AssignAsync(CheckoutId, OrderLineId(line), line.Quantity)),
        FulfilmentStep.ReleaseKeys => ForEachKeyedLineAsync((stock, _) => stock.ReleaseAsync(CheckoutId)),
        _ => throw new InvalidOperationException($"Unknown fulfilment step {step}."),
    };

    /// <summary>
    /// Brings the order row up to date with the session, and in the same transaction records the
    /// sales for <see cref="Discovery.SalesFolder"/> to count on the catalog rows (only when the
    /// order row is new, so never twice for one order), their reversal when a full refund or a
    /// lost dispute first revokes the order, and the audit rows owed. Run again after a crash, it
    /// changes nothing.
    /// </summary>
    private async Task RecordOrderAsync()
    {
        await database.ExecuteAloneAsync(RecordOrderCommand());
        session.State.PendingAudits.Clear();
    }

    /// <summary>The statement of <see cref="RecordOrderAsync"/>; the audit notes it writes are cleared once it committed.</summary>
    private NpgsqlBatchCommand RecordOrderCommand()
    {
        var state = session.State;
        var command = new NpgsqlBatchCommand("""
            WITH prior AS (
                SELECT status FROM orders WHERE order_id = @order
            ), lines AS (
                SELECT * FROM unnest(@products::text[], @quantities::bigint[], @amounts::bigint[]) AS line (product_id, quantity, amount)
            ), written AS (
                INSERT INTO orders (order_id, checkout_id, stripe_session_id, payment_intent_id, tenant_id, buyer_id,
                                    currency, subtotal, platform_fee, lines, status, refunded, paid_at)
                VALUES (@order, @checkout, @session, @intent, @tenant, @buyer, @currency, @subtotal, @fee, @lines,
                        @status, @refunded, @paid)
                ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, refunded = EXCLUDED.refunded, updated_at = now()
                    WHERE (orders.status, orders.refunded) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.refunded)
                RETURNING xmax = 0 AS created
            ), sold AS (
                INSERT INTO catalog_sales_pending (order_id, product_id, quantity, amount, trending)
                SELECT @order, product_id, quantity, amount, catalog_trending_add(0, quantity, @paid)
                  FROM lines
                 WHERE coalesce((SELECT created FROM written), false)
                ON CONFLICT (order_id, product_id, kind) DO NOTHING
            ), reversed AS (
                INSERT INTO catalog_sales_pending (order_id, product_id, quantity, amount, trending, kind)
                SELECT @order, product_id, -quantity, -amount, 0, 'reversal'
                  FROM lines
                 WHERE @status IN ('refunded', 'dispute_lost')
                   AND coalesce((SELECT status FROM prior), '') NOT IN ('refunded', 'dispute_lost')
                ON CONFLICT (order_id, product_id, kind) DO NOTHING
            )
            INSERT INTO audit_events (tenant_id, order_id, kind, source_event, detail)
            SELECT @tenant, @order, note.kind, note.source_event, note.detail::jsonb
              FROM unnest(@kinds::text[], @sources::text[], @details::text[]) AS note (kind, source_event, detail)
            ON CONFLICT (order_id, kind, source_event) DO NOTHING
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
        command.Parameters.AddWithValue("status", StatusName(state.Status));
        command.Parameters.AddWithValue("refunded", state.RefundedAmount);
        command.Parameters.AddWithValue("paid", state.PaidAt!.Value);
        command.Parameters.AddWithValue("products", state.Lines.Select(line => line.ProductId).ToArray());
        command.Parameters.AddWithValue("quantities", state.Lines.Select(line => (long)line.Quantity).ToArray());
        command.Parameters.AddWithValue("amounts", state.Lines.Select(line => line.Total.Amount).ToArray());
        command.Parameters.AddWithValue("kinds", state.PendingAudits.Select(note => note.Kind).ToArray());
        command.Parameters.AddWithValue("sources", state.PendingAudits.Select(note => note.StripeEventId).ToArray());
        command.Parameters.AddWithValue("details", state.PendingAudits.Select(AuditDetail).ToArray());
        return command;
    }

    private string AuditDetail(AuditNote note) => JsonSerializer.Serialize(new
    {
        checkoutId = CheckoutId,
        stripeSessionId = session.State.StripeSessionId,
        paymentIntentId = session.State.PaymentIntentId,
        amount = session.State.Subtotal.Amount,
        currency = session.State.Subtotal.Currency,
        refunded = note.AmountRefunded,
    });

    /// <summary>The order row's status: a paid order stays "paid" once its effects are done.</summary>
    private static string StatusName(CheckoutStatus status) => status == CheckoutStatus.Fulfilled
        ? "paid"
        : JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>An order line's id: the order and the product, so key assignment is once per line.</summary>
    public static string OrderLineId(string orderId, string productId) => orderId + "/" + productId;

    private string OrderLineId(PricedLine line) => OrderLineId(session.State.OrderId!, line.ProductId);

    /// <summary>
    /// For the lines sold with license keys. A line whose product had none at checkout gets none,
    /// however often its steps run again, even if the creator has added keys since.
    /// </summary>
    private async Task ForEachKeyedLineAsync(Func<IStockGrain, PricedLine, Task> step)
    {
        foreach (var line in session.State.Lines.Where(IsKeyed))
            await step(GrainFactory.GetGrain<IStockGrain>(TenantKey.For(session.State.TenantId, line.ProductId)), line);
    }

    private bool IsKeyed(PricedLine line) => session.State.KeyedProductIds?.Contains(line.ProductId) ?? true;

    /// <summary>
    /// Takes the steps owed that are a statement in this database (access, the cart) off the list,
    /// to commit with the write-ahead; in the place of each, the grain that keeps those rows is
    /// owed word that they changed.
    /// </summary>
    private List<NpgsqlBatchCommand> TakeStatementSteps()
    {
        var steps = session.State.PendingSteps;
        var statements = new List<NpgsqlBatchCommand>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (StatementOf(steps[i]) is not { } statement)
                continue;
            statements.Add(statement);
            steps[i] = steps[i] == FulfilmentStep.ClearCart ? FulfilmentStep.InvalidateCart : FulfilmentStep.InvalidateLibrary;
        }
        return statements;
    }

    /// <summary>A step stored by an earlier Claro's write-ahead, without its statement: run in a transaction of its own.</summary>
    private async Task StatementAloneAsync(FulfilmentStep step)
    {
        await database.ExecuteAloneAsync(StatementOf(step)!);
        await (step == FulfilmentStep.ClearCart ? Cart.InvalidateAsync() : Library.InvalidateAsync());
    }

    private NpgsqlBatchCommand? StatementOf(FulfilmentStep step)
    {
        var state = session.State;
        return step switch
        {
            FulfilmentStep.GrantAccess => LibraryEntitlements.Grant(BuyerId, OrderEntitlements(EntitlementState.Live)),
            FulfilmentStep.RevokeAccess => LibraryEntitlements.SetState(BuyerId, OrderEntitlements(EntitlementState.Revoked)),
            FulfilmentStep.SuspendAccess => LibraryEntitlements.SetState(BuyerId, OrderEntitlements(EntitlementState.Suspended)),
            FulfilmentStep.RestoreAccess => LibraryEntitlements.SetState(BuyerId, OrderEntitlements(EntitlementState.Live)),
            FulfilmentStep.ClearCart => CartLines.RemovePaid(BuyerId, state.TenantId, state.Lines.Select(line => line.ProductId).ToList(),
                state.CartRevision ?? long.MaxValue),
            _ => null,
        };
    }

    /// <summary>The buyer's entitlement to each line of the order, in <paramref name="access"/>.</summary>
    private List<StoredEntitlement> OrderEntitlements(EntitlementState access)
    {
        var state = session.State;
        return state.Lines.Select(line => new StoredEntitlement(
            new Entitlement(state.OrderId!, state.TenantId, line.ProductId, line.Title, line.Quantity, state.PaidAt!.Value, access),
            IsKeyed(line))).ToList();
    }

    private IBuyerLibraryGrain Library => GrainFactory.GetGrain<IBuyerLibraryGrain>(BuyerId);

    private ICartGrain Cart => GrainFactory.GetGrain<ICartGrain>(CartKey.For(BuyerId, session.State.TenantId));

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
