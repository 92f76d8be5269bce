using Claro.Catalog;
using Claro.Platform;
using Claro.Tests.Platform;

namespace Claro.Tests.Catalog;

/// <summary>The boundary holds below HTTP: catalog grains called directly refuse callers their policies do not name.</summary>
[Collection(ApiCollection.Name)]
public sealed class CatalogGrainBoundaryTests(ApiFixture api)
{
    private IClusterClient Grains => api.Claro.Client;

    [Fact]
    public async Task A_forged_caller_from_another_tenant_cannot_read_edit_or_stock_a_product()
    {
        var (product, _) = await NewProductAsync();
        var intruder = new Caller(CatalogScenario.NewUserId(), [PlatformRoles.Creator]);
        var key = TenantKey.For(product.TenantId, product.ProductId);

        using (Caller.Use(intruder))
        {
            await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IProductGrain>(key).GetAsync());
            await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IProductGrain>(key).UpdateAsync(new ProductChanges("Hijacked", null, null, null, null, null, null, null)));
            await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IProductGrain>(key).ArchiveAsync());
            await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IStockGrain>(key).AddKeysAsync(["STOLEN"]));
            await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<ITenantCatalogGrain>(product.TenantId).ListAsync(null, 10));
        }
    }

    [Fact]
    public async Task Without_a_caller_product_admin_calls_are_refused()
    {
        var (product, _) = await NewProductAsync();
        var key = TenantKey.For(product.TenantId, product.ProductId);

        await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IProductGrain>(key).GetAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IStockGrain>(key).GetCountsAsync());
    }

    [Fact]
    public async Task Grain_to_grain_steps_are_refused_to_a_client_even_with_the_owner_as_caller()
    {
        var (product, owner) = await NewProductAsync();
        var key = TenantKey.For(product.TenantId, product.ProductId);

        using (Caller.Use(new Caller(owner, [])))
        {
            await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IProductGrain>(key).ExistsAsync());
            await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetGrain<IProductSlugGrain>(TenantKey.For(product.TenantId, "taken-by-force")).ClaimAsync("p_x"));
            // The owner does pass the policy of the ordinary admin read: the refusals above are about the method, not the caller.
            Assert.Equal(product.ProductId, (await Grains.GetGrain<IProductGrain>(key).GetAsync()).ProductId);
        }
    }

    [Fact]
    public async Task A_product_takes_only_files_uploaded_for_its_own_tenant_whoever_asks()
    {
        var (product, owner) = await NewProductAsync();
        var (elsewhere, _) = await NewProductAsync();
        ProductFile File(string fileId) => new(fileId, "guide.pdf", 10, "application/pdf", new string('a', 64), DateTimeOffset.UtcNow);
        var grain = Grains.GetGrain<IProductGrain>(TenantKey.For(product.TenantId, product.ProductId));

        using (Caller.Use(new Caller(owner, [])))
        {
            var otherTenants = await Assert.ThrowsAsync<ValidationException>(() => grain.AddFileAsync(File(FileIds.New(elsewhere.TenantId))));
            Assert.True(otherTenants.Errors.ContainsKey("file"));
            await Assert.ThrowsAsync<ValidationException>(() => grain.AddFileAsync(File("f_" + Guid.NewGuid().ToString("N"))));
            Assert.Empty((await grain.GetAsync()).Files);

            var own = FileIds.New(product.TenantId);
            Assert.Equal(own, Assert.Single((await grain.AddFileAsync(File(own))).Files).FileId);
        }
    }

    private async Task<(ProductDetails Product, string OwnerId)> NewProductAsync()
    {
        var owner = CatalogScenario.NewUserId();
        var shop = await api.CreateClient(owner).NewShopAsync();
        return (await shop.CreateProductAsync(), owner);
    }
}
