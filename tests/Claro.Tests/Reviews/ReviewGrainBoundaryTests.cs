using Claro.Platform;
using Claro.Reviews;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;

namespace Claro.Tests.Reviews;

/// <summary>The reviews grain checks the purchase itself, whoever calls it: not only the API's tenant look-up.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class ReviewGrainBoundaryTests(PaymentsFixture payments)
{
    [Fact]
    public async Task The_grain_refuses_a_buyer_addressing_the_product_under_another_tenant_or_no_caller_at_all()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var other = await (await payments.CreateClient(CatalogScenario.NewUserId()).NewShopAsync()).CreateProductAsync();
        var buyerId = CatalogScenario.NewUserId();
        await payments.BuyerWhoPaidAsync(shop, product, buyerId);
        var grains = payments.Claro.Client;

        using (Caller.Use(new Caller(buyerId, [])))
        {
            await Assert.ThrowsAsync<NotFoundException>(() =>
                grains.GetGrain<IProductReviewsGrain>(TenantKey.For(other.TenantId, product.ProductId)).AddAsync(new ReviewDraft(5, "Wrong door.")));
        }
        await Assert.ThrowsAsync<NotFoundException>(() =>
            grains.GetGrain<IProductReviewsGrain>(TenantKey.For(product.TenantId, product.ProductId)).AddAsync(new ReviewDraft(5, "Nobody.")));

        Assert.Equal(0L, await payments.ReviewRowsAsync(product.ProductId));
        Assert.Equal((0L, 0L), await payments.RatingAsync(product.ProductId));
        using (Caller.Use(new Caller(buyerId, [])))
            Assert.Equal(5, (await grains.GetGrain<IProductReviewsGrain>(TenantKey.For(product.TenantId, product.ProductId)).AddAsync(new ReviewDraft(5, "Right door."))).Rating);
    }
}
