using Claro.Platform;

namespace Claro.Tenants;

[GenerateSerializer, Alias("claro.tenant-state")]
public sealed class TenantState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Slug { get; set; } = "";
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public string Description { get; set; } = "";
    [Id(4)] public string OwnerUserId { get; set; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public Dictionary<string, TenantRole> Members { get; set; } = [];
    [Id(7)] public StorefrontSettings Settings { get; set; } = StorefrontSettings.Default;
    [Id(8)] public int FeeRateBps { get; set; }
    [Id(9)] public TenantPayments Payments { get; set; } = new(null, false, false, []);

    /// <summary>When Stripe produced the account snapshot applied last: an older one arriving late is ignored.</summary>
    [Id(10)] public DateTimeOffset StripeAccountAsOf { get; set; }

    /// <summary>Grows with every write; the storefront directory keeps the highest it has seen.</summary>
    [Id(11)] public long Version { get; set; }

    /// <summary>Set by ops: the storefront, its products and its checkouts are off until lifted.</summary>
    [Id(12)] public bool Suspended { get; set; }
}
