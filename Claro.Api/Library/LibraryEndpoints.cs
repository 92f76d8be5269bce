using System.Security.Claims;
using Claro.Api.Accounts;
using Claro.Api.Catalog;
using Claro.Library;
using Claro.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Library;

public static class LibraryEndpoints
{
    public static IEndpointRouteBuilder MapLibraryEndpoints(this IEndpointRouteBuilder routes)
    {
        var library = routes.MapGroup("/api/library").WithTags("Library").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        library.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        library.MapGet("/{productId}", GetItemAsync);
        routes.MapGet("/api/downloads/{token}", DownloadAsync).WithTags("Library")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent, typeof(Stream), "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public sealed record DeliveredFile(string FileId, string Name, long Size, string ContentType, string Sha256, string Url, DateTimeOffset ExpiresAt);

    public sealed record LibraryItemResponse(string ProductId, string TenantId, string Title, string ContentHtml,
        IReadOnlyList<string> LicenseKeys, IReadOnlyList<DeliveredFile> Files);

    private static async Task<Ok<LibraryPage>> ListAsync(ClaimsPrincipal user, IClusterClient cluster, string? cursor, string? limit) =>
        TypedResults.Ok(await cluster.GetGrain<IBuyerLibraryGrain>(user.UserId()).ListAsync(cursor, Paging.Parse(limit)));

    private static async Task<Ok<LibraryItemResponse>> GetItemAsync(string productId, ClaimsPrincipal user, IClusterClient cluster, DownloadLinks links)
    {
        var buyerId = user.UserId();
        var item = await cluster.GetGrain<IBuyerLibraryGrain>(buyerId).GetItemAsync(productId);
        var files = item.Files.Select(file =>
        {
            var (url, expiresAt) = links.Create(buyerId, productId, file.FileId);
            return new DeliveredFile(file.FileId, file.Name, file.Size, file.ContentType, file.Sha256, url, expiresAt);
        }).ToList();
        return TypedResults.Ok(new LibraryItemResponse(item.ProductId, item.TenantId, item.Title, item.ContentHtml, item.LicenseKeys, files));
    }

    /// <summary>
    /// The signed link is the credential: it names the buyer, whose entitlement is checked again
    /// now, so a refund or dispute closes links already handed out. Range requests work.
    /// </summary>
    private static async Task<IResult> DownloadAsync(string token, IClusterClient cluster, DownloadLinks links, IFileStore files)
    {
        if (links.Verify(token) is not { } grant)
            throw new NotFoundException();
        LibraryItem item;
        using (Caller.Use(new Caller(grant.BuyerId, [])))
            item = await cluster.GetGrain<IBuyerLibraryGrain>(grant.BuyerId).GetItemAsync(grant.ProductId);
        var file = item.Files.FirstOrDefault(f => f.FileId == grant.FileId) ?? throw new NotFoundException();
        Stream content;
        try
        {
            content = files.OpenRead(file.FileId);
        }
        catch (FileNotFoundException)
        {
            throw new NotFoundException();
        }
        return TypedResults.File(content, file.ContentType, file.Name, enableRangeProcessing: true);
    }
}
