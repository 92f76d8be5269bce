using Claro.Checkout;
using Claro.Platform;
using Claro.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Tenants;

public static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        var tenants = routes.MapGroup("/api/tenants").WithTags("Tenants");
        tenants.MapPost("/", CreateAsync).RequireAuthorization().RequireRateLimiting(TenantCreationLimit.Policy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tenants.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        tenants.MapGet("/{tenant}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Members only: for anyone else these routes do not exist (404, never 403).
        var admin = routes.MapGroup("/api/tenants/{tenant}/admin").WithTags("Tenant admin").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/", GetAdminAsync);
        admin.MapPatch("/", UpdateSettingsAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        admin.MapPost("/stripe/onboarding", StartStripeOnboardingAsync);
        admin.MapGet("/orders", ListOrdersAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        admin.MapPost("/members", AddMemberAsync).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    public sealed record CreateTenantRequest(string Name, string? Slug);

    public sealed record UpdateTenantSettingsRequest(string? Name, string? Description, string? Tagline, string? AccentColor);

    private static async Task<Created<Storefront>> CreateAsync(CreateTenantRequest request, IClusterClient cluster)
    {
        var tenantId = "t_" + Guid.NewGuid().ToString("N");
        var storefront = await cluster.GetGrain<ITenantGrain>(tenantId).CreateAsync(new CreateTenant(request.Name ?? "", request.Slug));
        return TypedResults.Created($"/api/tenants/{storefront.Slug}", storefront);
    }

    private static async Task<Ok<StorefrontPage>> ListAsync(string? cursor, string? limit, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IStorefrontDirectoryGrain>(0).ListAsync(cursor, Paging.Parse(limit)));

    private static async Task<Ok<Storefront>> GetAsync(string tenant, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantBySlugAsync(cluster, tenant)).GetStorefrontAsync());

    private static async Task<Ok<TenantAdminView>> GetAdminAsync(string tenant, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantBySlugAsync(cluster, tenant)).GetAdminViewAsync());

    private static async Task<Ok<TenantAdminView>> UpdateSettingsAsync(string tenant, UpdateTenantSettingsRequest request, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantBySlugAsync(cluster, tenant)).UpdateSettingsAsync(
            new UpdateTenantSettings(request.Name, request.Description, request.Tagline, request.AccentColor)));

    public sealed record OnboardingLink(string Url);

    public sealed record AddMemberRequest(string Email, TenantRole Role);

    private static async Task<Ok<TenantAdminView>> AddMemberAsync(string tenant, AddMemberRequest request, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantBySlugAsync(cluster, tenant)).AddMemberAsync(new AddTenantMember(request.Email ?? "", request.Role)));

    private static async Task<Ok<OrderPage>> ListOrdersAsync(string tenant, string? cursor, string? limit, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<ITenantOrdersGrain>(await TenantIdBySlugAsync(cluster, tenant)).ListAsync(cursor, Paging.Parse(limit)));

    private static async Task<Ok<OnboardingLink>> StartStripeOnboardingAsync(string tenant, IClusterClient cluster) =>
        TypedResults.Ok(new OnboardingLink(await (await TenantBySlugAsync(cluster, tenant)).StartStripeOnboardingAsync()));

    /// <summary>The tenant grain behind a storefront slug; <see cref="NotFoundException"/> for an unknown slug.</summary>
    public static async Task<ITenantGrain> TenantBySlugAsync(IClusterClient cluster, string slug)
    {
        var tenantId = await TenantIdBySlugAsync(cluster, slug);
        return cluster.GetGrain<ITenantGrain>(tenantId);
    }

    public static async Task<string> TenantIdBySlugAsync(IClusterClient cluster, string slug) =>
        TenantSlug.Problem(slug) is null
            ? await cluster.GetGrain<ITenantSlugGrain>(slug).GetTenantIdAsync() ?? throw new NotFoundException()
            : throw new NotFoundException();
}
