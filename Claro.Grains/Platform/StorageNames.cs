namespace Claro.Platform;

/// <summary>
/// The grain storage provider and the state names. Orleans keys a stored row by grain id and
/// state name, not grain type, so every grain type has a state name of its own.
/// </summary>
public static class StorageNames
{
    public const string Provider = "claro";

    public const string Tenant = "tenant";
    public const string TenantSlug = "tenant-slug";
    public const string StripeAccountIndex = "stripe-account-index";
    public const string Cart = "cart";
    public const string BuyerCarts = "buyer-carts";
    public const string CheckoutSession = "checkout-session";
    public const string BuyerLibrary = "buyer-library";
    public const string Account = "account";
    public const string EmailIndex = "email-index";
    public const string Product = "product";
    public const string ProductSlug = "product-slug";
    public const string TenantCatalog = "tenant-catalog";
    public const string Stock = "stock";
}
