using Claro.Accounts;
using Claro.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Claro.Api.Accounts;

public static class AccountEndpoints
{
    public const string InvalidCredentialsCode = "invalid_credentials";

    // One body for an unknown email and a wrong password, byte for byte: no trace id, nothing per request.
    private static readonly ProblemDetails InvalidCredentials = new()
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        Status = StatusCodes.Status401Unauthorized,
        Title = "Unauthorized",
        Detail = "The email or the password is not right.",
        Extensions = { ["code"] = InvalidCredentialsCode },
    };

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var accounts = routes.MapGroup("/api/accounts").WithTags("Accounts");
        accounts.MapPost("/signup", SignUpAsync)
            .RequireRateLimiting(AccountLimits.SignUpPolicy)
            .AddEndpointFilter(EmailRateLimiter.Filter<SignUpRequest>(AccountLimits.SignUpPolicy, r => r.Email))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        accounts.MapPost("/login", LogInAsync)
            .RequireRateLimiting(AccountLimits.LogInPolicy)
            .AddEndpointFilter(EmailRateLimiter.Filter<LogInRequest>(AccountLimits.LogInPolicy, r => r.Email))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        accounts.MapPost("/password", ChangePasswordAsync).RequireAuthorization()
            .RequireRateLimiting(AccountLimits.LogInPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        routes.MapGet("/api/me", GetMeAsync).RequireAuthorization().WithTags("Accounts")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return routes;
    }

    public sealed record SignUpRequest(string? Email, string? Password, string? DisplayName);

    public sealed record SignUpResponse(string UserId, string Token, DateTimeOffset ExpiresAt);

    public sealed record LogInRequest(string? Email, string? Password);

    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    public sealed record MeResponse(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<MembershipResponse> Tenants);

    /// <param name="Role"><c>owner</c>, <c>admin</c> or <c>staff</c>.</param>
    public sealed record MembershipResponse(string TenantId, string Slug, string Role);

    private static async Task<Created<SignUpResponse>> SignUpAsync(SignUpRequest request, IClusterClient cluster, BearerTokens tokens)
    {
        var email = EmailAddress.Normalize(request.Email);
        AccountRules.ThrowIfInvalidSignUp(email, request.Password, request.DisplayName);
        var account = await cluster.GetGrain<IEmailIndexGrain>(email).SignUpAsync(new NewAccount(request.Password!, request.DisplayName!));
        var (token, expiresAt) = tokens.Issue(account);
        return TypedResults.Created("/api/me", new SignUpResponse(account.UserId, token, expiresAt));
    }

    private static async Task<Results<Ok<TokenResponse>, JsonHttpResult<ProblemDetails>>> LogInAsync(
        LogInRequest request, IClusterClient cluster, BearerTokens tokens)
    {
        var email = EmailAddress.Normalize(request.Email);
        var errors = new Dictionary<string, string[]>();
        if (email.Length == 0)
            errors["email"] = ["Required."];
        if (string.IsNullOrEmpty(request.Password))
            errors["password"] = ["Required."];
        if (errors.Count > 0)
            throw new ValidationException(errors);

        // A malformed email cannot have an account; what the format is, is no secret.
        var account = EmailAddress.Problem(email) is null
            ? await cluster.GetGrain<IEmailIndexGrain>(email).LogInAsync(request.Password!)
            : null;
        if (account is null)
            return TypedResults.Json(InvalidCredentials, statusCode: StatusCodes.Status401Unauthorized, contentType: "application/problem+json");
        var (token, expiresAt) = tokens.Issue(account);
        return TypedResults.Ok(new TokenResponse(token, expiresAt));
    }

    private static async Task<Ok<TokenResponse>> ChangePasswordAsync(
        ChangePasswordRequest request, HttpContext http, IClusterClient cluster, BearerTokens tokens, AccountSessions sessions)
    {
        var account = await cluster.GetGrain<IAccountGrain>(http.User.UserId())
            .ChangePasswordAsync(new ChangePassword(request.CurrentPassword ?? "", request.NewPassword ?? ""));
        sessions.Forget(account.UserId);
        var (token, expiresAt) = tokens.Issue(account);
        return TypedResults.Ok(new TokenResponse(token, expiresAt));
    }

    private static async Task<Ok<MeResponse>> GetMeAsync(HttpContext http, IClusterClient cluster)
    {
        var me = await cluster.GetGrain<IAccountGrain>(http.User.UserId()).GetProfileAsync();
        return TypedResults.Ok(new MeResponse(
            me.UserId, me.Email, me.DisplayName, me.Roles,
            me.Tenants.Select(t => new MembershipResponse(t.TenantId, t.Slug, t.Role.ToString().ToLowerInvariant())).ToList()));
    }
}
