using System.Text.Json;
using Claro.StripeEmulator.Api;
using Claro.StripeEmulator.Webhooks;

namespace Claro.StripeEmulator;

/// <summary>
/// <c>/_emulator/...</c>: what a test does in place of a buyer, a bank or a card network.
/// JSON in, the updated object out; errors are Stripe-shaped like the API's.
/// </summary>
public static class ControlApi
{
    public static void MapControlApi(this WebApplication app)
    {
        var control = app.MapGroup("/_emulator").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (StripeApiException e)
            {
                return e.ToResult();
            }
        });

        control.MapGet("/health", () => Results.Json(new { status = "ok" }));

        control.MapPost("/checkout/sessions/{id}/pay", async (HttpContext c, EmulatorState state, string id) =>
        {
            var body = await BodyAsync(c.Request);
            var asynchronous = body.TryGetProperty("async", out var a) && a.ValueKind == JsonValueKind.True;
            return Render(state, state.PayCheckoutSession(id, asynchronous));
        });
        control.MapPost("/checkout/sessions/{id}/async_succeed", (EmulatorState state, string id) =>
            Render(state, state.SettleAsyncPayment(id, succeeded: true)));
        control.MapPost("/checkout/sessions/{id}/async_fail", (EmulatorState state, string id) =>
            Render(state, state.SettleAsyncPayment(id, succeeded: false)));
        control.MapPost("/checkout/sessions/{id}/expire", (EmulatorState state, string id) =>
            Render(state, state.ExpireCheckoutSession(id)));

        control.MapPost("/payment_intents/{id}/refund", async (HttpContext c, EmulatorState state, string id) =>
        {
            var body = await BodyAsync(c.Request);
            long? amount = body.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt64() : null;
            return Render(state, state.RefundPaymentIntent(id, amount));
        });
        control.MapPost("/payment_intents/{id}/dispute", (EmulatorState state, string id) =>
            Render(state, state.DisputePaymentIntent(id)));
        control.MapPost("/disputes/{id}/close", async (HttpContext c, EmulatorState state, string id) =>
        {
            var body = await BodyAsync(c.Request);
            var outcome = body.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            return Render(state, state.CloseDispute(id, outcome));
        });

        control.MapPost("/accounts/{id}/complete_onboarding", (EmulatorState state, string id) =>
            Render(state, state.CompleteOnboarding(id)));

        control.MapGet("/events", (EventDispatcher events, EmulatorOptions options) =>
            ApiResults.Json(StripeJson.List("/_emulator/events", events.NewestFirst().Select(e => e.ToControlJson(options.WebhookUrl)))));
    }

    private static IResult Render(EmulatorState state, string id) => ApiResults.Json(state.Render(id, []));

    private static async Task<JsonElement> BodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new StripeApiException(400, "invalid_request_error", "The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new StripeApiException(400, "invalid_request_error", $"The body is not JSON: {e.Message}");
        }
    }
}
