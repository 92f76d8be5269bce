using System.Net;
using System.Net.Http.Json;
using Claro.Catalog;
using Claro.Tests.Platform;
using static Claro.Tests.Catalog.CatalogScenario;

namespace Claro.Tests.Catalog;

/// <summary>A slug claimed by a product that died before it saved itself under it is not lost to the storefront.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProductSlugRecoveryTests(ApiFixture api)
{
    [Fact]
    public async Task A_slug_whose_product_died_before_it_was_saved_goes_to_the_next_product()
    {
        var shop = await api.NewShopAsync();
        var slug = NewSlug("orphan");
        CrashAfterSlugClaim.Arm(slug);

        var crashed = await shop.Owner.PostAsJsonAsync(shop.Admin, ValidProduct(slug));
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);

        var created = await shop.CreateProductAsync(ValidProduct(slug));

        Assert.Equal(slug, created.Slug);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync($"/api/tenants/{shop.Slug}/products/{slug}")).StatusCode);
    }

    [Fact]
    public async Task A_slug_claimed_by_a_rename_that_died_goes_to_the_next_product_and_the_product_keeps_its_old_slug()
    {
        var shop = await api.NewShopAsync();
        var renamed = await shop.CreateProductAsync();
        var slug = NewSlug("renamed");
        CrashAfterSlugClaim.Arm(slug);

        var crashed = await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{renamed.ProductId}", new { slug });
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        Assert.Equal(renamed.Slug, (await shop.Owner.GetFromJsonAsync<ProductDetails>($"{shop.Admin}/{renamed.ProductId}"))!.Slug);

        var other = await shop.CreateProductAsync(ValidProduct(slug));

        Assert.Equal(slug, other.Slug);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync($"/api/tenants/{shop.Slug}/products/{renamed.Slug}")).StatusCode);
    }

    [Fact]
    public async Task A_slug_a_saved_product_goes_by_stays_taken()
    {
        var shop = await api.NewShopAsync();
        var first = await shop.CreateProductAsync();

        var clash = await shop.Owner.PostAsJsonAsync(shop.Admin, ValidProduct(first.Slug));

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
    }
}
