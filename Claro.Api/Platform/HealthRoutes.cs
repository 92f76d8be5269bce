using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Claro.Api.Platform;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (a grain call reaches
/// PostgreSQL), served by ASP.NET Core's health checks, which the OpenAPI document does not see on
/// its own: it is told of them here.
/// </summary>
public static class HealthRoutes
{
    public const string Live = "/health/live";
    public const string Ready = "/health/ready";
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapClaroHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return routes;
    }

    public static OpenApiOptions DescribeHealthChecks(this OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Paths ??= [];
        document.Paths[Live] = Path("Health", "The process is up.");
        document.Paths[Ready] = Path("Health", "A grain call reaches PostgreSQL: this copy can serve.");
        return Task.CompletedTask;
    });

    private static OpenApiPathItem Path(string tag, string summary) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                Summary = summary,
                Tags = new HashSet<OpenApiTagReference> { new(tag) },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse { Description = "Healthy", Content = PlainText() },
                    ["503"] = new OpenApiResponse { Description = "Unhealthy", Content = PlainText() },
                },
            },
        },
    };

    private static Dictionary<string, OpenApiMediaType> PlainText() => new()
    {
        ["text/plain"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
    };
}
