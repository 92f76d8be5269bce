using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Claro.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Catalog;

/// <summary>A storefront whose owner is signed in: where every catalog test starts.</summary>
public sealed record CreatorShop(HttpClient Owner, string Slug)
{
    public string Admin => $"/api/tenants/{Slug}/admin/products";
}

/// <summary>The arrangements catalog tests share, through the same HTTP routes a creator uses.</summary>
public static class CatalogScenario
{
    public static Task<CreatorShop> NewShopAsync(this ApiFixture api) =>
        NewShopAsync(api.CreateClient(NewUserId()));

    public static Task<CreatorShop> NewShopAsync(this CatalogHost host) =>
        NewShopAsync(host.CreateClient(NewUserId()));

    public static string NewUserId() => "u_" + Guid.NewGuid().ToString("N");

    public static string NewSlug(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A valid product body; override fields by passing an anonymous object built from it.</summary>
    public static Dictionary<string, object?> ValidProduct(string? slug = null) => new()
    {
        ["title"] = "Night Sky Presets",
        ["slug"] = slug ?? NewSlug("presets"),
        ["price"] = new { amount = 1999, currency = "usd" },
        ["visibility"] = "public",
        ["category"] = "photography",
        ["tags"] = new[] { "Lightroom", "night" },
        ["description"] = "Twelve presets for dark skies.",
        ["content"] = "# Thanks!\n\nInstall by importing the folder.",
    };

    public static async Task<ProductDetails> CreateProductAsync(this CreatorShop store, Dictionary<string, object?>? body = null)
    {
        var response = await store.Owner.PostAsJsonAsync(store.Admin, body ?? ValidProduct());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProductDetails>())!;
    }

    public static async Task<ProductFile> UploadAsync(this CreatorShop store, string productId, byte[] bytes, string name = "presets.zip", string contentType = "application/zip")
    {
        var response = await store.Owner.PostAsync($"{store.Admin}/{productId}/files", FileForm(bytes, name, contentType));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProductFile>())!;
    }

    public static MultipartFormDataContent FileForm(byte[] bytes, string name = "presets.zip", string contentType = "application/zip")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", name } };
    }

    public static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha256Of(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));

    /// <summary>A new storefront owned by the user <paramref name="owner"/> is signed in as.</summary>
    public static async Task<CreatorShop> NewShopAsync(this HttpClient owner)
    {
        var slug = NewSlug("shop");
        var created = await owner.PostAsJsonAsync("/api/tenants", new { name = "Catalog Test Shop", slug });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new CreatorShop(owner, slug);
    }
}
