namespace Claro.Tenants;

[GenerateSerializer, Alias("claro.tenant-slug-state")]
public sealed class TenantSlugState
{
    [Id(0)] public string? TenantId { get; set; }
}
