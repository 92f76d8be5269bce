using System.Text.RegularExpressions;
using Claro.Api.Tenants;
using Claro.Catalog;
using Claro.Platform;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Claro.Api.Catalog;

public static partial class CatalogEndpoints
{

    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        // Members only: for anyone else these routes do not exist (404, never 403).
        var admin = routes.MapGroup("/api/tenants/{tenant}/admin/products").WithTags("Products (admin)").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        admin.MapPost("/", CreateAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/{productId}", GetAsync);
        admin.MapPatch("/{productId}", UpdateAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/{productId}", ArchiveAsync);
        admin.MapPost("/{productId}/files", UploadAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        admin.MapPost("/{productId}/keys", AddKeysAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        admin.MapGet("/{productId}/keys", GetKeyCountsAsync);

        routes.MapGet("/api/tenants/{tenant}/products/{product}", GetPageAsync).WithTags("Catalog")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public sealed record AddKeysRequest(IReadOnlyList<string>? Keys);

    private static async Task<Ok<ProductList>> ListAsync(string tenant, string? cursor, string? limit, IClusterClient cluster)
    {
        var tenantId = await TenantEndpoints.TenantIdBySlugAsync(cluster, tenant);
        return TypedResults.Ok(await cluster.GetGrain<ITenantCatalogGrain>(tenantId).ListAsync(cursor, Paging.Parse(limit)));
    }

    private static async Task<Created<ProductDetails>> CreateAsync(string tenant, NewProduct product, IClusterClient cluster)
    {
        var tenantId = await TenantEndpoints.TenantIdBySlugAsync(cluster, tenant);
        var productId = "p_" + Guid.NewGuid().ToString("N");
        var created = await cluster.GetGrain<IProductGrain>(TenantKey.For(tenantId, productId)).CreateAsync(product);
        return TypedResults.Created($"/api/tenants/{tenant}/admin/products/{productId}", created);
    }

    private static async Task<Ok<ProductDetails>> GetAsync(string tenant, string productId, IClusterClient cluster) =>
        TypedResults.Ok(await (await ProductAsync(cluster, tenant, productId)).GetAsync());

    private static async Task<Ok<ProductDetails>> UpdateAsync(string tenant, string productId, ProductChanges changes, IClusterClient cluster) =>
        TypedResults.Ok(await (await ProductAsync(cluster, tenant, productId)).UpdateAsync(changes));

    private static async Task<Ok<ProductDetails>> ArchiveAsync(string tenant, string productId, IClusterClient cluster) =>
        TypedResults.Ok(await (await ProductAsync(cluster, tenant, productId)).ArchiveAsync());

    private static async Task<Ok<StockCounts>> AddKeysAsync(string tenant, string productId, AddKeysRequest request, IClusterClient cluster)
    {
        var stock = cluster.GetGrain<IStockGrain>(await ProductKeyAsync(cluster, tenant, productId));
        // Checked by the grain, after its membership check: a non-member gets the 404 whatever the body.
        return TypedResults.Ok(await stock.AddKeysAsync(request.Keys ?? []));
    }

    private static async Task<Ok<StockCounts>> GetKeyCountsAsync(string tenant, string productId, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IStockGrain>(await ProductKeyAsync(cluster, tenant, productId)).GetCountsAsync());

    /// <summary>
    /// Streams the part named <c>file</c> of a multipart body into the file store (never buffered whole),
    /// then has the product grain record it. Members only, checked before a byte is read.
    /// </summary>
    private static async Task<Results<Created<ProductFile>, ProblemHttpResult>> UploadAsync(
        string tenant, string productId, HttpRequest request, IClusterClient cluster, IFileStore files,
        ClaroSettings settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var product = await ProductAsync(cluster, tenant, productId);
        await product.GetAsync();

        var limit = settings.MaxUploadBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = limit + MultipartOverhead;
        if (request.ContentLength > limit + MultipartOverhead)
            return TooLarge(limit);

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
            throw new ValidationException("file", "Send the file as multipart/form-data, in a part named 'file'.");

        StoredFile stored;
        string name;
        string contentType;
        try
        {
            // No limit of the reader's own: the file store counts the bytes and answers FileTooLargeException.
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
            while (true)
            {
                var section = await reader.ReadNextSectionAsync(cancellationToken)
                    ?? throw new ValidationException("file", "No part named 'file' with a file in it.");
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition()
                    || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, "file", StringComparison.Ordinal))
                    continue;
                name = FileName(disposition);
                contentType = string.IsNullOrWhiteSpace(section.ContentType) || section.ContentType.Length > 255
                    ? "application/octet-stream"
                    : section.ContentType.Trim();
                stored = await files.SaveAsync(TenantKey.TenantOf(product.GetPrimaryKeyString()), section.Body, limit, cancellationToken);
                break;
            }
        }
        catch (FileTooLargeException)
        {
            return TooLarge(limit);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        catch (InvalidDataException malformed)
        {
            throw new ValidationException("file", $"The multipart body could not be read: {malformed.Message}");
        }

        try
        {
            var file = new ProductFile(stored.FileId, name, stored.Size, contentType, stored.Sha256, clock.GetUtcNow());
            await product.AddFileAsync(file);
            return TypedResults.Created($"/api/tenants/{tenant}/admin/products/{productId}", file);
        }
        catch
        {
            // The grain did not record it, so nothing will ever serve it.
            files.Delete(stored.FileId);
            throw;
        }
    }

    private static async Task<Ok<ProductPage>> GetPageAsync(string tenant, string product, IClusterClient cluster)
    {
        var page = await cluster.GetGrain<IProductGrain>(await ProductKeyBySlugAsync(cluster, tenant, product)).GetPageAsync();
        // A slug let go after a rename may still point here for a moment: only the current slug leads to the page.
        return page.Slug == product ? TypedResults.Ok(page) : throw new NotFoundException();
    }

    /// <summary>The grain key, <c>{tenantId}/{productId}</c>, of the product a storefront slug and product slug name; not found otherwise.</summary>
    public static async Task<string> ProductKeyBySlugAsync(IClusterClient cluster, string tenant, string product)
    {
        var tenantId = await TenantEndpoints.TenantIdBySlugAsync(cluster, tenant);
        if (ProductSlug.Problem(product) is not null)
            throw new NotFoundException();
        var productId = await cluster.GetGrain<IProductSlugGrain>(TenantKey.For(tenantId, product)).GetProductIdAsync()
            ?? throw new NotFoundException();
        return TenantKey.For(tenantId, productId);
    }

    private static async Task<IProductGrain> ProductAsync(IClusterClient cluster, string tenant, string productId) =>
        cluster.GetGrain<IProductGrain>(await ProductKeyAsync(cluster, tenant, productId));

    /// <summary>The product's grain key, <c>{tenantId}/{productId}</c>; not found for an unknown tenant or a malformed id.</summary>
    private static async Task<string> ProductKeyAsync(IClusterClient cluster, string tenant, string productId)
    {
        var tenantId = await TenantEndpoints.TenantIdBySlugAsync(cluster, tenant);
        return ProductIdPattern().IsMatch(productId) ? TenantKey.For(tenantId, productId) : throw new NotFoundException();
    }

    private static string FileName(ContentDispositionHeaderValue disposition)
    {
        var raw = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star
            ? star
            : HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
        // Only the last segment, and never a control character: the name is shown to buyers, never used as a path.
        var name = new string(Path.GetFileName(raw.Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > ProductRules.MaxFileNameLength)
            name = name[^ProductRules.MaxFileNameLength..];
        return name.Length > 0 ? name : "file";
    }

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The file is too large.",
        detail: $"A file may be at most {limit} bytes.",
        extensions: new Dictionary<string, object?> { ["code"] = "file_too_large", ["maxBytes"] = limit });

    [GeneratedRegex("^p_[0-9a-f]{32}$")]
    private static partial Regex ProductIdPattern();
}
