using Claro.Platform;

namespace Claro.Checkout;

/// <summary>
/// Takes a Stripe webhook as it arrived. The payload authenticates itself: the grain checks the
/// signature again (the API already did), so nobody can feed it an event Stripe did not sign.
/// </summary>
[Alias("claro.stripe-webhook")]
public interface IStripeWebhookGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Records the event in the inbox and hands it to the grain it concerns. Throws
    /// <see cref="ValidationException"/> for a bad or stale signature, before recording anything.
    /// </summary>
    [Alias("receive"), Allow(Who.Anyone)]
    Task<WebhookOutcome> ReceiveAsync(string payload, string signatureHeader);
}

public static class StripeWebhooks
{
    /// <summary>How old a signature may be, as Stripe's own libraries default to.</summary>
    public const long SignatureToleranceSeconds = 300;
}

[GenerateSerializer, Immutable, Alias("claro.webhook-outcome")]
public sealed record WebhookOutcome(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] bool FirstDelivery,
    [property: Id(3)] bool Handled);
