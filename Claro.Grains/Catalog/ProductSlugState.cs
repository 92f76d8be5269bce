namespace Claro.Catalog;

[GenerateSerializer, Alias("claro.product-slug-state")]
public sealed class ProductSlugState
{
    [Id(0)] public string? ProductId { get; set; }
}
