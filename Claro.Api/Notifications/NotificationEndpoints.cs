using System.Security.Claims;
using Claro.Api.Accounts;
using Claro.Api.Tenants;
using Claro.Notifications;
using Claro.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Notifications;

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/notifications", ListMineAsync).WithTags("Notifications").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        routes.MapGet("/api/tenants/{tenant}/admin/notifications", ListTenantsAsync).WithTags("Tenant admin").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Ok<NotificationPage>> ListMineAsync(ClaimsPrincipal user, IClusterClient cluster, string? cursor, string? limit) =>
        TypedResults.Ok(await cluster.GetGrain<IBuyerNotificationsGrain>(user.UserId()).ListAsync(cursor, Paging.Parse(limit)));

    private static async Task<Ok<NotificationPage>> ListTenantsAsync(string tenant, IClusterClient cluster, string? cursor, string? limit) =>
        TypedResults.Ok(await cluster.GetGrain<ITenantNotificationsGrain>(await TenantEndpoints.TenantIdBySlugAsync(cluster, tenant))
            .ListAsync(cursor, Paging.Parse(limit)));
}
