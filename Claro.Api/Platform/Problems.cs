using Claro.Platform;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Claro.Api.Platform;

/// <summary>The one place where domain errors become problem+json.</summary>
public static class Problems
{
    public const string NotFoundCode = "not_found";

    public static IServiceCollection AddClaroProblems(this IServiceCollection services)
    {
        services.AddExceptionHandler<DomainErrorHandler>();
        // A body or parameter that does not bind throws, so it reaches DomainErrorHandler in every
        // environment; by default only Development throws and Production answers a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Status == StatusCodes.Status404NotFound)
            {
                // Every 404 is the same bytes, so "exists but not yours" cannot be told from "does not exist".
                problem.Title = "Not Found";
                problem.Detail = "There is nothing here.";
                problem.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5";
                problem.Instance = null;
                problem.Extensions.Clear();
                problem.Extensions["code"] = NotFoundCode;
            }
            else if (!problem.Extensions.ContainsKey("code"))
            {
                // The framework's own answers (a challenge, a wrong method or media type) carry a code and a detail too.
                problem.Extensions["code"] = StatusCode(problem.Status);
                problem.Detail ??= Detail(problem.Status);
            }
        });
        return services;
    }

    private static string StatusCode(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        >= 500 => "server_error",
        _ => "error",
    };

    private static string? Detail(int? status) => status switch
    {
        StatusCodes.Status401Unauthorized => "Sign in: send a valid bearer token in the Authorization header.",
        StatusCodes.Status405MethodNotAllowed => "This route does not take that method.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        >= 500 => "Something went wrong on our side; try again.",
        _ => null,
    };

    private sealed class DomainErrorHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            ProblemDetails? problem = exception switch
            {
                NotFoundException => new ProblemDetails { Status = StatusCodes.Status404NotFound },
                ValidationException or BadHttpRequestException when await OutsiderOfTenantAdminAsync(http) => new ProblemDetails { Status = StatusCodes.Status404NotFound },
                ConflictException conflict => Conflict(conflict),
                UnavailableException unavailable => new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Service Unavailable",
                    Detail = unavailable.Message,
                    Extensions = { ["code"] = unavailable.Code },
                },
                ValidationException invalid => new HttpValidationProblemDetails(invalid.Errors.ToDictionary())
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "One or more fields are invalid.",
                    Detail = string.Join(" ", invalid.Errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")),
                    Extensions = { ["code"] = "validation_failed" },
                },
                BadHttpRequestException bad => BadRequest(bad),
                _ => null,
            };
            if (problem is null)
                return false;

            http.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }

        private static ProblemDetails Conflict(ConflictException conflict)
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = conflict.Message,
                Extensions = { ["code"] = conflict.Code },
            };
            if (conflict.Lines is { } lines)
                problem.Extensions["lines"] = lines;
            return problem;
        }

        /// <summary>
        /// A body that does not bind, or a parameter the API checks itself (a <c>limit</c>), is refused
        /// before the endpoint asks the tenant grain whether the caller is a member: on a tenant's admin
        /// routes that question is asked here, so an outsider gets the 404 any other request there gets
        /// (API.md), not a 400 about the input. A member still gets the 400.
        /// </summary>
        private static async Task<bool> OutsiderOfTenantAdminAsync(HttpContext http)
        {
            // From the path: the exception handler has cleared the route values by now.
            var segments = (http.Request.Path.Value ?? "").Split('/');
            if (segments is not ["", "api", "tenants", { Length: > 0 } slug, "admin", ..])
                return false;
            var cluster = http.RequestServices.GetRequiredService<IClusterClient>();
            // The request context CallerContext set does not flow back out to this handler.
            using (Caller.Use(CallerContext.Of(http.User)))
            {
                try
                {
                    await (await Tenants.TenantEndpoints.TenantBySlugAsync(cluster, slug)).GetAdminViewAsync();
                    return false;
                }
                catch (NotFoundException)
                {
                    return true;
                }
            }
        }

        /// <summary>
        /// A body or parameter that does not bind: names the JSON path when there is one, in words
        /// of its own (the serializer's message names .NET types).
        /// </summary>
        private static ProblemDetails BadRequest(BadHttpRequestException bad)
        {
            var json = bad.InnerException as System.Text.Json.JsonException;
            var path = json?.Path?.TrimStart('$', '.');
            var field = string.IsNullOrEmpty(path) ? "body" : path;
            var message = json is null ? "The request could not be read." : "Not valid JSON, or not the type this field takes.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Detail = $"{field}: {message}",
                Extensions = { ["code"] = bad.StatusCode == StatusCodes.Status400BadRequest ? "validation_failed" : StatusCode(bad.StatusCode) },
            };
        }
    }
}
