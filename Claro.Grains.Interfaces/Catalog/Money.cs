namespace Claro.Catalog;

/// <summary>An amount in the currency's minor units (cents, pence), never a floating-point number.</summary>
[GenerateSerializer, Immutable, Alias("claro.money")]
public readonly record struct Money(
    [property: Id(0)] long Amount,
    [property: Id(1)] string Currency);

/// <summary>The currencies a product may be priced in: lowercase ISO 4217 codes, as Stripe writes them.</summary>
public static class Currencies
{
    public static readonly IReadOnlyList<string> Supported = ["usd", "eur", "gbp"];

    public static bool IsSupported(string currency) => Supported.Contains(currency, StringComparer.Ordinal);
}
