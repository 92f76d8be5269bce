using System.Text;
using Claro.Checkout;
using Claro.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using Stripe;

namespace Claro.Api.Checkout;

public static class StripeWebhookEndpoints
{
    /// <summary>Stripe's events are a few kilobytes; anything far bigger is not from Stripe.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapStripeWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/webhooks/stripe", ReceiveAsync).WithTags("Stripe")
            // Described, not declared with Accepts: that would also refuse any other Content-Type with 415.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "A Stripe event as Stripe sends it, verified against Stripe-Signature.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return routes;
    }

    /// <summary>
    /// Verifies the signature on the raw body before anything else; only a verified event reaches
    /// the cluster, which records it and applies it. 200 means recorded (applied, duplicate or ignored).
    /// </summary>
    private static async Task<Results<Ok<WebhookOutcome>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, IClusterClient cluster, ClaroSettings settings, TimeProvider clock)
    {
        if (await ReadBodyAsync(request) is not { } payload)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large for a Stripe event.",
                extensions: new Dictionary<string, object?> { ["code"] = "payload_too_large" });

        var signature = request.Headers["Stripe-Signature"].ToString();
        try
        {
            EventUtility.ValidateSignature(payload, signature, settings.StripeWebhookSecret,
                StripeWebhooks.SignatureToleranceSeconds, clock.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (StripeException)
        {
            throw new ValidationException("Stripe-Signature", "The signature is missing, wrong or too old.");
        }
        return TypedResults.Ok(await cluster.GetGrain<IStripeWebhookGrain>(0).ReceiveAsync(payload, signature));
    }

    /// <summary>The raw body as text, or null when it is longer than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
            return null;
        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync();
            if (read.Buffer.Length > MaxBodyBytes)
            {
                body.AdvanceTo(read.Buffer.End);
                return null;
            }
            if (read.IsCompleted)
            {
                var text = Encoding.UTF8.GetString(read.Buffer);
                body.AdvanceTo(read.Buffer.End);
                return text;
            }
            // Nothing consumed, all examined: the next read waits for more of the body.
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
