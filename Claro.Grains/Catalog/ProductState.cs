namespace Claro.Catalog;

[GenerateSerializer, Alias("claro.product-state")]
public sealed class ProductState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Slug { get; set; } = "";
    [Id(2)] public string Title { get; set; } = "";
    [Id(3)] public Money Price { get; set; }
    [Id(4)] public string Visibility { get; set; } = Catalog.Visibility.Draft;
    [Id(5)] public string Category { get; set; } = Categories.Other;
    [Id(6)] public List<string> Tags { get; set; } = [];
    [Id(7)] public string Description { get; set; } = "";
    /// <summary>Markdown source, kept as written; rendered and sanitised only for entitled buyers.</summary>
    [Id(8)] public string Content { get; set; } = "";
    [Id(9)] public List<ProductFile> Files { get; set; } = [];
    [Id(10)] public string CreatedBy { get; set; } = "";
    [Id(11)] public DateTimeOffset CreatedAt { get; set; }
    [Id(12)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Grows with every write; the tenant's list keeps the highest it has seen.</summary>
    [Id(13)] public long Version { get; set; }
}
