namespace Claro.Catalog;

[GenerateSerializer, Alias("claro.tenant-catalog-state")]
public sealed class TenantCatalogState
{
    /// <summary>In order of creation, only ever appended to: a position is a stable cursor.</summary>
    [Id(0)] public List<ProductSummary> Products { get; set; } = [];
}
