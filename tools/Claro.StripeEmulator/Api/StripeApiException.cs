using System.Text.Json.Nodes;

namespace Claro.StripeEmulator.Api;

/// <summary>An error answered the way Stripe answers it: <c>{"error": {type, code, message, param}}</c>.</summary>
public sealed class StripeApiException(int status, string type, string message, string? code = null, string? param = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Code { get; } = code;
    public string? Param { get; } = param;

    public static StripeApiException Missing(string param) =>
        new(400, "invalid_request_error", $"Missing required param: {param}.", "parameter_missing", param);

    public static StripeApiException Invalid(string param, string message, string code = "parameter_invalid") =>
        new(400, "invalid_request_error", message, code, param);

    public static StripeApiException NoSuch(string what, string id, string? param = null) =>
        new(param is null ? 404 : 400, "invalid_request_error", $"No such {what}: '{id}'", "resource_missing", param);

    public static StripeApiException State(string message, string code) =>
        new(400, "invalid_request_error", message, code);

    public static StripeApiException Unauthenticated(string message) =>
        new(401, "authentication_error", message);

    public static StripeApiException IdempotencyMismatch(string key) =>
        new(400, "idempotency_error",
            $"Keys for idempotent requests can only be used with the same parameters they were first used with. " +
            $"Try using a key other than '{key}' if you meant to execute a different request.");

    public JsonObject ToJson()
    {
        var error = new JsonObject { ["type"] = Type, ["message"] = Message };
        if (Code is not null)
        {
            error["code"] = Code;
        }
        if (Param is not null)
        {
            error["param"] = Param;
        }
        return new JsonObject { ["error"] = error };
    }

    public IResult ToResult() => ApiResults.Json(ToJson(), Status);
}
