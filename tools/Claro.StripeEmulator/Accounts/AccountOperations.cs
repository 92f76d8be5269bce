using System.Text.Json.Nodes;
using Claro.StripeEmulator.Accounts;
using Claro.StripeEmulator.Api;

namespace Claro.StripeEmulator;

public sealed partial class EmulatorState
{
    private static readonly string[] LegacyTypes = ["express", "standard", "custom"];
    private readonly Dictionary<string, AccountLink> _links = new(StringComparer.Ordinal);

    public string CreateAccount(FormBody form)
    {
        var type = form.Text("type");
        if (type is not null && !LegacyTypes.Contains(type))
        {
            throw StripeApiException.Invalid("type", $"Invalid type: must be one of {string.Join(", ", LegacyTypes)}");
        }
        if (type is not null && form.Has("controller"))
        {
            throw StripeApiException.Invalid("controller", "You cannot specify `controller` together with `type`.");
        }
        var controller = type is null ? ControllerFrom(form) : LegacyController(type);
        var requested = form.Node("capabilities") is { } caps
            ? caps.Keys.Where(k => form.Boolean($"capabilities[{k}][requested]") == true).ToList()
            : [];

        lock (_gate)
        {
            return Add(new Account
            {
                Id = StripeIds.New("acct_", 16),
                Created = Now,
                Type = type ?? TypeOf(controller),
                Controller = controller,
                Email = form.Text("email"),
                Country = (form.Text("country") ?? "US").ToUpperInvariant(),
                BusinessType = form.Text("business_type"),
                Capabilities = requested.Count > 0 ? requested : ["card_payments", "transfers"],
                Metadata = form.Dictionary("metadata"),
            }).Id;
        }
    }

    public JsonObject CreateAccountLink(FormBody form, string baseUrl)
    {
        var accountId = form.Text("account") ?? throw StripeApiException.Missing("account");
        var type = form.Text("type") ?? throw StripeApiException.Missing("type");
        if (type is not ("account_onboarding" or "account_update"))
        {
            throw StripeApiException.Invalid("type", "Invalid type: must be one of account_onboarding or account_update");
        }
        lock (_gate)
        {
            Get<Account>(accountId, "account", "account");
            var token = StripeIds.New("", 32);
            var link = new AccountLink
            {
                Token = token,
                AccountId = accountId,
                Created = Now,
                ExpiresAt = Now + 300,
                Url = $"{baseUrl}/setup/e/{accountId}/{token}",
                ReturnUrl = form.Text("return_url") ?? $"{baseUrl}/setup/done",
                RefreshUrl = form.Text("refresh_url") ?? $"{baseUrl}/setup/done",
            };
            _links[token] = link;
            return link.ToJson();
        }
    }

    public AccountLink? FindAccountLink(string token)
    {
        lock (_gate)
        {
            return _links.GetValueOrDefault(token);
        }
    }

    public JsonObject? AccountJson(string id)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault(id) is Account account ? account.ToJson() : null;
        }
    }

    /// <summary>Onboarding enables charges and payouts and clears the requirements; done once, it is a no-op.</summary>
    public string CompleteOnboarding(string accountId)
    {
        lock (_gate)
        {
            var account = Get<Account>(accountId, "account");
            if (!account.Onboarded)
            {
                account.Onboarded = true;
                Emit("account.updated", account, account.BeforeOnboarding(), account.Id);
            }
            return account.Id;
        }
    }

    private static JsonObject ControllerFrom(FormBody form)
    {
        var dashboard = OneOf(form, "controller[stripe_dashboard][type]", "full", "express", "full", "none");
        var payer = OneOf(form, "controller[fees][payer]", "account", "account", "application", "application_express", "application_custom");
        var losses = OneOf(form, "controller[losses][payments]", "stripe", "application", "stripe");
        var collection = OneOf(form, "controller[requirement_collection]", "stripe", "application", "stripe");
        return Controller(dashboard, payer, losses, collection);
    }

    private static JsonObject LegacyController(string type) => type switch
    {
        "express" => Controller("express", "application_express", "application", "stripe"),
        "custom" => Controller("none", "application_custom", "application", "application"),
        _ => Controller("full", "account", "stripe", "stripe"),
    };

    private static JsonObject Controller(string dashboard, string payer, string losses, string collection) => new()
    {
        ["fees"] = new JsonObject { ["payer"] = payer },
        ["is_controller"] = true,
        ["losses"] = new JsonObject { ["payments"] = losses },
        ["requirement_collection"] = collection,
        ["stripe_dashboard"] = new JsonObject { ["type"] = dashboard },
        ["type"] = "application",
    };

    private static string TypeOf(JsonObject controller) =>
        (controller["stripe_dashboard"]!["type"]!.GetValue<string>(), controller["requirement_collection"]!.GetValue<string>()) switch
        {
            ("express", "stripe") => "express",
            ("full", _) => "standard",
            ("none", "application") => "custom",
            _ => "none",
        };

    private static string OneOf(FormBody form, string param, string fallback, params string[] allowed)
    {
        var value = form.Text(param) ?? fallback;
        return allowed.Contains(value)
            ? value
            : throw StripeApiException.Invalid(param, $"Invalid {param}: must be one of {string.Join(", ", allowed)}");
    }
}
