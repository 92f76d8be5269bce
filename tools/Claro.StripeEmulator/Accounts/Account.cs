using System.Text.Json.Nodes;

namespace Claro.StripeEmulator.Accounts;

/// <summary>A connected account. It cannot take charges until onboarding completes.</summary>
public sealed class Account : IStripeObject
{
    public static readonly string[] OnboardingRequirements =
        ["business_profile.url", "external_account", "individual.first_name", "individual.last_name", "tos_acceptance.date", "tos_acceptance.ip"];

    public required string Id { get; init; }
    public required long Created { get; init; }
    public required string Type { get; init; }
    public required JsonObject Controller { get; init; }
    public string? Email { get; init; }
    public string Country { get; init; } = "US";
    public string? BusinessType { get; init; }
    public required IReadOnlyList<string> Capabilities { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public bool Onboarded { get; set; }

    public bool ChargesEnabled => Onboarded;

    public JsonObject ToJson()
    {
        var capabilities = new JsonObject();
        foreach (var capability in Capabilities)
        {
            capabilities[capability] = Onboarded ? "active" : "inactive";
        }
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "account",
            ["business_type"] = BusinessType,
            ["capabilities"] = capabilities,
            ["charges_enabled"] = ChargesEnabled,
            ["controller"] = Controller.DeepClone(),
            ["country"] = Country,
            ["created"] = Created,
            ["default_currency"] = Country == "US" ? "usd" : "eur",
            ["details_submitted"] = Onboarded,
            ["email"] = Email,
            ["livemode"] = false,
            ["metadata"] = StripeJson.Metadata(Metadata),
            ["payouts_enabled"] = Onboarded,
            ["requirements"] = Requirements(Onboarded ? [] : OnboardingRequirements),
            ["type"] = Type,
        };
    }

    /// <summary>What <c>account.updated</c> reports as changed when onboarding completes.</summary>
    public JsonObject BeforeOnboarding() => new()
    {
        ["charges_enabled"] = false,
        ["details_submitted"] = false,
        ["payouts_enabled"] = false,
        ["requirements"] = new JsonObject
        {
            ["currently_due"] = StripeJson.Strings(OnboardingRequirements),
            ["disabled_reason"] = "requirements.past_due",
        },
    };

    private static JsonObject Requirements(IReadOnlyList<string> due) => new()
    {
        ["alternatives"] = new JsonArray(),
        ["current_deadline"] = null,
        ["currently_due"] = StripeJson.Strings(due),
        ["disabled_reason"] = due.Count > 0 ? "requirements.past_due" : null,
        ["errors"] = new JsonArray(),
        ["eventually_due"] = StripeJson.Strings(due),
        ["past_due"] = StripeJson.Strings(due),
        ["pending_verification"] = new JsonArray(),
    };
}

/// <summary>A one-time link to the hosted onboarding page of an account.</summary>
public sealed class AccountLink
{
    public required string Token { get; init; }
    public required string AccountId { get; init; }
    public required long Created { get; init; }
    public required long ExpiresAt { get; init; }
    public required string Url { get; init; }
    public required string ReturnUrl { get; init; }
    public required string RefreshUrl { get; init; }

    public JsonObject ToJson() => new()
    {
        ["object"] = "account_link",
        ["created"] = Created,
        ["expires_at"] = ExpiresAt,
        ["url"] = Url,
    };
}
