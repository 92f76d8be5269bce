using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Claro.StripeEmulator.Api;
using Claro.StripeEmulator.Checkout;

namespace Claro.StripeEmulator;

/// <summary>The pages a buyer and a creator reach by following a session's or an account link's <c>url</c>.</summary>
public static class HostedPages
{
    private static readonly string[] ZeroDecimalCurrencies = ["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"];

    public static void MapHostedPages(this WebApplication app)
    {
        app.MapGet("/c/pay/{id}", (EmulatorState state, string id) =>
            state.Exists<CheckoutSession>(id)
                ? Page("Claro test checkout", CheckoutBody(state.Render(id, ["line_items"])))
                : NotFound("This checkout session does not exist."));

        app.MapPost("/c/pay/{id}/pay", (EmulatorState state, string id) =>
        {
            if (state.FindCheckoutSession(id) is not { } session)
            {
                return NotFound("This checkout session does not exist.");
            }
            try
            {
                state.PayCheckoutSession(id, asynchronous: false);
            }
            catch (StripeApiException)
            {
                return SeeOther($"/c/pay/{id}");
            }
            return SeeOther(session.SuccessUrl?.Replace("{CHECKOUT_SESSION_ID}", id, StringComparison.Ordinal) ?? $"/c/pay/{id}");
        });

        app.MapPost("/c/pay/{id}/decline", (EmulatorState state, string id) =>
            state.FindCheckoutSession(id) is { } session
                ? SeeOther(session.CancelUrl?.Replace("{CHECKOUT_SESSION_ID}", id, StringComparison.Ordinal) ?? $"/c/pay/{id}")
                : NotFound("This checkout session does not exist."));

        app.MapGet("/setup/e/{account}/{token}", (EmulatorState state, string account, string token) =>
            state.FindAccountLink(token) is { } link && link.AccountId == account && state.AccountJson(account) is { } json
                ? Page("Claro test onboarding", OnboardingBody(json, $"/setup/e/{account}/{token}"))
                : NotFound("This onboarding link does not exist."));

        app.MapPost("/setup/e/{account}/{token}", (EmulatorState state, string account, string token) =>
        {
            if (state.FindAccountLink(token) is not { } link || link.AccountId != account)
            {
                return NotFound("This onboarding link does not exist.");
            }
            state.CompleteOnboarding(account);
            return SeeOther(link.ReturnUrl);
        });

        app.MapGet("/setup/done", () => Page("Onboarding finished", "<h1>Onboarding finished</h1><p>You can close this page.</p>"));
    }

    public static string FormatAmount(long minorUnits, string currency)
    {
        var code = currency.ToUpperInvariant();
        return ZeroDecimalCurrencies.Contains(currency)
            ? $"{minorUnits.ToString("N0", CultureInfo.InvariantCulture)} {code}"
            : $"{(minorUnits / 100m).ToString("N2", CultureInfo.InvariantCulture)} {code}";
    }

    private static string CheckoutBody(JsonObject session)
    {
        var id = Text(session["id"]);
        var currency = Text(session["currency"]);
        var rows = new StringBuilder();
        foreach (var line in session["line_items"]!["data"]!.AsArray())
        {
            rows.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Html(line!["description"])}</td><td class=\"n\">{line["quantity"]}</td><td class=\"n\">{FormatAmount((long)line["price"]!["unit_amount"]!, currency)}</td><td class=\"n\">{FormatAmount((long)line["amount_total"]!, currency)}</td></tr>");
        }
        var status = Text(session["status"]);
        var actions = status == "open"
            ? $"""
               <form method="post" action="/c/pay/{Html(id)}/pay"><button id="pay" type="submit">Pay {FormatAmount((long)session["amount_total"]!, currency)}</button></form>
               <form method="post" action="/c/pay/{Html(id)}/decline"><button id="decline" class="secondary" type="submit">Decline</button></form>
               """
            : $"<p id=\"status\">This checkout session is {Html(status)} (payment {Html(session["payment_status"])}).</p>";
        return $"""
            <h1>Checkout</h1>
            <p class="muted">Test mode · {Html(id)}{(session["customer_email"] is { } email ? " · " + Html(email) : "")}</p>
            <table>
              <thead><tr><th>Item</th><th class="n">Qty</th><th class="n">Price</th><th class="n">Amount</th></tr></thead>
              <tbody>{rows}</tbody>
              <tfoot><tr><th colspan="3">Total</th><th class="n" id="total">{FormatAmount((long)session["amount_total"]!, currency)}</th></tr></tfoot>
            </table>
            <div class="actions">{actions}</div>
            """;
    }

    private static string OnboardingBody(JsonObject account, string action)
    {
        var done = (bool)account["charges_enabled"]!;
        var due = string.Join("", account["requirements"]!["currently_due"]!.AsArray().Select(r => $"<li>{Html(r)}</li>"));
        return $"""
            <h1>Set up your payouts</h1>
            <p class="muted">Test mode · {Html(account["id"])}{(account["email"] is { } email ? " · " + Html(email) : "")}</p>
            {(done ? "<p id=\"status\">This account is already onboarded.</p>" : $"<p>Still needed:</p><ul>{due}</ul>")}
            <form method="post" action="{Html(action)}"><button id="complete" type="submit">{(done ? "Continue" : "Complete onboarding")}</button></form>
            """;
    }

    private static IResult Page(string title, string body) => Results.Content($$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{Html(title)}}</title>
          <style>
            body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1a1f36; }
            .banner { background: #ffde92; color: #5e3a00; padding: .4rem .8rem; border-radius: 4px; font-size: .85rem; }
            .muted { color: #697386; font-size: .9rem; }
            table { width: 100%; border-collapse: collapse; margin: 1.5rem 0; }
            th, td { text-align: left; padding: .5rem .25rem; border-bottom: 1px solid #e3e8ee; }
            .n { text-align: right; }
            tfoot th { font-size: 1.1rem; border-bottom: none; }
            .actions { display: flex; gap: .75rem; }
            button { font-size: 1rem; padding: .7rem 1.4rem; border: 0; border-radius: 6px; background: #635bff; color: white; cursor: pointer; }
            button.secondary { background: #e3e8ee; color: #1a1f36; }
          </style>
        </head>
        <body>
          <p class="banner">Claro Stripe emulator — no real money moves here.</p>
          {{body}}
        </body>
        </html>
        """, "text/html", Encoding.UTF8);

    private static IResult NotFound(string message) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>{Html(message)}</p></body></html>",
        "text/html", Encoding.UTF8, 404);

    private static IResult SeeOther(string url) => new SeeOtherResult(url);

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static string Html(JsonNode? node) => WebUtility.HtmlEncode(node?.ToString() ?? "");

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }
}
