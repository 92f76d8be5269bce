namespace Claro.Catalog;

/// <summary>
/// What the tenant catalog grain kept in Orleans grain storage before it read the catalog table:
/// read once to move file counts (<see cref="TenantCatalogGrain"/>), then cleared.
/// </summary>
[GenerateSerializer, Alias("claro.tenant-catalog-state")]
public sealed class TenantCatalogState
{
    [Id(0)] public List<ProductSummary> Products { get; set; } = [];
}
