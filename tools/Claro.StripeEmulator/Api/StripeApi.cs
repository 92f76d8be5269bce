using Claro.StripeEmulator.Webhooks;

namespace Claro.StripeEmulator.Api;

public static class StripeApi
{
    public static string PublicBaseUrl(this HttpContext context) =>
        context.RequestServices.GetRequiredService<EmulatorOptions>().PublicUrl
            ?? $"{context.Request.Scheme}://{context.Request.Host}";

    /// <summary>Answers the object as it is now, with any <c>expand[]</c> the request asked for.</summary>
    public static async Task<IResult> Answer(HttpContext context, EmulatorState state, string id)
    {
        var form = await FormBody.ReadAsync(context.Request);
        return ApiResults.Json(state.Render(id, form.Expand));
    }

    public static void MapStripeApi(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/v1"), v1 => v1.UseMiddleware<StripeApiMiddleware>());

        var v1 = app.MapGroup("/v1");

        v1.MapPost("/accounts", async (HttpContext c, EmulatorState state) =>
            await Answer(c, state, state.CreateAccount(await FormBody.ReadAsync(c.Request))));
        v1.MapGet("/accounts/{id}", (HttpContext c, EmulatorState state, string id) => Retrieve<Accounts.Account>(c, state, id, "account"));
        v1.MapPost("/account_links", async (HttpContext c, EmulatorState state) =>
            ApiResults.Json(state.CreateAccountLink(await FormBody.ReadAsync(c.Request), c.PublicBaseUrl())));

        v1.MapPost("/checkout/sessions", async (HttpContext c, EmulatorState state) =>
            await Answer(c, state, state.CreateCheckoutSession(await FormBody.ReadAsync(c.Request), c.PublicBaseUrl())));
        v1.MapGet("/checkout/sessions/{id}", (HttpContext c, EmulatorState state, string id) =>
            Retrieve<Checkout.CheckoutSession>(c, state, id, "checkout.session"));
        v1.MapGet("/checkout/sessions/{id}/line_items", (EmulatorState state, string id) =>
            state.FindCheckoutSession(id) is { } session
                ? ApiResults.Json(session.ExpandOnly("line_items")!)
                : throw StripeApiException.NoSuch("checkout.session", id));
        v1.MapPost("/checkout/sessions/{id}/expire", async (HttpContext c, EmulatorState state, string id) =>
            await Answer(c, state, state.ExpireCheckoutSession(id)));

        v1.MapPost("/refunds", async (HttpContext c, EmulatorState state) =>
            await Answer(c, state, state.CreateRefund(await FormBody.ReadAsync(c.Request))));
        v1.MapGet("/refunds/{id}", (HttpContext c, EmulatorState state, string id) => Retrieve<Payments.Refund>(c, state, id, "refund"));
        v1.MapGet("/payment_intents/{id}", (HttpContext c, EmulatorState state, string id) =>
            Retrieve<Payments.PaymentIntent>(c, state, id, "payment_intent"));
        v1.MapGet("/charges/{id}", (HttpContext c, EmulatorState state, string id) => Retrieve<Payments.Charge>(c, state, id, "charge"));
        v1.MapGet("/disputes/{id}", (HttpContext c, EmulatorState state, string id) => Retrieve<Payments.Dispute>(c, state, id, "dispute"));
        v1.MapGet("/events/{id}", (EventDispatcher events, string id) =>
            events.Find(id) is { } evt ? ApiResults.Json(evt.Payload.DeepClone()) : throw StripeApiException.NoSuch("event", id));

        v1.MapFallback(IResult (HttpContext c) =>
            throw new StripeApiException(404, "invalid_request_error",
                $"Unrecognized request URL ({c.Request.Method}: {c.Request.Path}). The emulator answers only the Stripe API subset Claro uses."));
    }

    private static Task<IResult> Retrieve<T>(HttpContext context, EmulatorState state, string id, string what) where T : IStripeObject =>
        state.Exists<T>(id) ? Answer(context, state, id) : throw StripeApiException.NoSuch(what, id);
}
