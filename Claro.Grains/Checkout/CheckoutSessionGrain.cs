using Claro.Platform;
using Stripe;
using Stripe.Checkout;

namespace Claro.Checkout;

/// <summary>Deliberately not [Reentrant]: Stripe's concurrent retries of one event must queue.</summary>
public sealed class CheckoutSessionGrain(
    [PersistentState(StorageNames.CheckoutSession, StorageNames.Provider)] IPersistentState<CheckoutSessionState> session,
    IStripeClient stripe,
    ClaroSettings settings,
    TimeProvider clock) : Grain, ICheckoutSessionGrain
{
    /// <summary>Stripe's shortest allowed session lifetime is 30 minutes; a little more absorbs clock skew.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(35);

    private string BuyerId => TenantKey.TenantOf(this.GetPrimaryKeyString());
    private string CheckoutId => TenantKey.IdOf(this.GetPrimaryKeyString());

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
            ExpiresAt = now + Lifetime,
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
            await session.WriteStateAsync();
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
                }
                break;
            case "checkout.session.async_payment_failed":
                if (state.Status == CheckoutStatus.Open)
                    state.Status = CheckoutStatus.Failed;
                break;
            case "checkout.session.expired":
                if (state.Status == CheckoutStatus.Open)
                    state.Status = CheckoutStatus.Expired;
                break;
        }
        await session.WriteStateAsync();
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
