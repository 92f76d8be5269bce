using System.Security.Claims;
using Claro.Api.Accounts;
using Claro.Library;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Library;

public static class LibraryEndpoints
{
    public static IEndpointRouteBuilder MapLibraryEndpoints(this IEndpointRouteBuilder routes)
    {
        var library = routes.MapGroup("/api/library").WithTags("Library").RequireAuthorization();
        library.MapGet("/", ListAsync);
        return routes;
    }

    public sealed record LibraryPage(IReadOnlyList<Entitlement> Items, string? NextCursor);

    private static async Task<Ok<LibraryPage>> ListAsync(ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(new LibraryPage(await cluster.GetGrain<IBuyerLibraryGrain>(user.UserId()).ListAsync(), null));
}
