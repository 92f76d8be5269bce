using Claro.Api.Tenants;
using Claro.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Claro.Api.Ops;

public static class OpsEndpoints
{
    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder routes)
    {
        var ops = routes.MapGroup("/api/ops").WithTags("Ops").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        ops.MapPut("/tenants/{tenant}/fee-rate", SetFeeRateAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    public sealed record FeeRateRequest(int FeeRateBps);

    /// <summary>Platform admins set a tenant's fee; the tenant grain refuses anyone else.</summary>
    private static async Task<Ok<TenantAdminView>> SetFeeRateAsync(string tenant, FeeRateRequest request, IClusterClient cluster) =>
        TypedResults.Ok(await (await TenantEndpoints.TenantBySlugAsync(cluster, tenant)).SetFeeRateAsync(request.FeeRateBps));
}
