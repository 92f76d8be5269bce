using System.Net;
using System.Net.Http.Json;
using Claro.Catalog;
using Claro.Tests.Platform;
using static Claro.Tests.Catalog.CatalogScenario;

namespace Claro.Tests.Catalog;

public sealed class CatalogRestartTests
{
    [Fact]
    public async Task A_product_its_uploaded_file_and_its_key_stock_survive_a_restart_of_the_whole_cluster()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var files = Directory.CreateTempSubdirectory("claro-test-files-").FullName;
        var owner = NewUserId();
        var bytes = RandomBytes(256 * 1024 + 3);
        string slug, productId, adminJson;
        ProductFile uploaded;

        await using (var first = await CatalogHost.StartAsync(database, files))
        {
            var shop = await first.CreateClient(owner).NewShopAsync();
            var client = shop.Owner;
            slug = shop.Slug;
            productId = (await shop.CreateProductAsync()).ProductId;
            uploaded = await shop.UploadAsync(productId, bytes);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{shop.Admin}/{productId}/keys", new { keys = new[] { "K-1", "K-2", "K-3" } })).StatusCode);
            adminJson = await client.GetStringAsync($"{shop.Admin}/{productId}");
        }

        await using var second = await CatalogHost.StartAsync(database, files);
        var again = new CreatorShop(second.CreateClient(owner), slug);

        Assert.Equal(adminJson, await again.Owner.GetStringAsync($"{again.Admin}/{productId}"));
        var product = (await again.Owner.GetFromJsonAsync<ProductDetails>($"{again.Admin}/{productId}"))!;
        var file = Assert.Single(product.Files);
        Assert.Equal(uploaded, file);
        Assert.Equal(Sha256Of(bytes), file.Sha256);
        await using (var kept = second.Files.OpenRead(file.FileId))
            Assert.Equal(file.Sha256, Sha256Of(kept));
        Assert.Equal(new StockCounts(3, 0, 0), await again.Owner.GetFromJsonAsync<StockCounts>($"{again.Admin}/{productId}/keys"));
        Assert.Equal([productId], (await again.Owner.GetFromJsonAsync<ProductList>(again.Admin))!.Items.Select(p => p.ProductId));
        var duplicate = await again.Owner.PostAsJsonAsync($"{again.Admin}/{productId}/keys", new { keys = new[] { "K-2" } });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
    }
}
