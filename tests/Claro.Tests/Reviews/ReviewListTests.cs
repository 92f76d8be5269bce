using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Discovery;
using Claro.Reviews;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;
using Claro.Tests.Discovery;
using Claro.Tests.Platform;

namespace Claro.Tests.Reviews;

[Collection(PaymentsCollection.Name)]
public sealed class ReviewListTests(PaymentsFixture payments)
{
    [Fact]
    public async Task Reviews_page_newest_first_by_a_signed_cursor_and_a_tampered_cursor_is_400()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 700);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => payments.BuyerWhoPaidAsync(shop, product)));
        var posted = new List<string>();
        foreach (var (buyer, i) in buyers.Select((b, i) => (b.Buyer, i)))
            posted.Add((await buyer.ReviewAsync(product.ProductId, rating: i + 1)).ReviewId);
        var anonymous = payments.CreateClient();
        var url = ReviewScenario.Reviews(shop, product);

        var pages = new List<ReviewPage>();
        string? cursor = null;
        do
        {
            var page = await anonymous.ReviewPageAsync(cursor is null ? $"{url}?limit=2" : $"{url}?limit=2&cursor={Uri.EscapeDataString(cursor)}");
            pages.Add(page);
            cursor = page.NextCursor;
        } while (cursor is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(Enumerable.Reverse(posted), pages.SelectMany(p => p.Items).Select(r => r.ReviewId));
        Assert.Equal(posted.AsEnumerable().Reverse(), (await anonymous.ReviewPageAsync(url)).Items.Select(r => r.ReviewId));

        var next = pages[0].NextCursor!;
        var tampered = next[..^2] + (next[^2] == 'A' ? 'B' : 'A') + next[^1];
        var other = await shop.CreateProductAsync();
        Assert.Equal(new[] { "cursor" }, await ReviewScenario.InvalidFieldsAsync(await anonymous.GetAsync($"{url}?cursor={Uri.EscapeDataString(tampered)}")));
        Assert.Equal(new[] { "cursor" }, await ReviewScenario.InvalidFieldsAsync(await anonymous.GetAsync($"{url}?cursor=not-a-cursor")));
        Assert.Equal(new[] { "cursor" }, await ReviewScenario.InvalidFieldsAsync(
            await anonymous.GetAsync($"{ReviewScenario.Reviews(shop, other)}?cursor={Uri.EscapeDataString(next)}")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    public async Task A_limit_outside_1_to_100_is_400(string limit)
    {
        var shop = await payments.CreateClient(CatalogScenario.NewUserId()).NewShopAsync();
        var product = await shop.CreateProductAsync();

        var response = await payments.CreateClient().GetAsync($"{ReviewScenario.Reviews(shop, product)}?limit={limit}");

        Assert.Equal(new[] { "limit" }, await ReviewScenario.InvalidFieldsAsync(response));
    }

    [Fact]
    public async Task Only_products_with_a_page_list_reviews_and_others_get_the_404_of_a_missing_product()
    {
        var shop = await payments.CreateClient(CatalogScenario.NewUserId()).NewShopAsync();
        var privateBody = CatalogScenario.ValidProduct();
        privateBody["visibility"] = "private";
        var privateProduct = await shop.CreateProductAsync(privateBody);
        var draftBody = CatalogScenario.ValidProduct();
        draftBody["visibility"] = "draft";
        var draft = await shop.CreateProductAsync(draftBody);
        var archived = await shop.CreateProductAsync();
        await shop.Owner.DeleteAsync($"{shop.Admin}/{archived.ProductId}");
        var anonymous = payments.CreateClient();

        Assert.Empty((await anonymous.ReviewPageAsync(ReviewScenario.Reviews(shop, privateProduct))).Items);
        var missing = await anonymous.GetAsync($"/api/tenants/{shop.Slug}/products/no-such-product/reviews");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var hidden in new[] { draft, archived })
        {
            var response = await anonymous.GetAsync($"{ReviewScenario.Reviews(shop, hidden)}?limit=0");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task The_product_page_shows_the_average_rating_and_the_count()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 700);
        var pageUrl = $"/api/tenants/{shop.Slug}/products/{product.Slug}";
        var anonymous = payments.CreateClient();
        var before = (await anonymous.GetFromJsonAsync<ProductPage>(pageUrl))!;
        var (first, _) = await payments.BuyerWhoPaidAsync(shop, product);
        var (second, _) = await payments.BuyerWhoPaidAsync(shop, product);

        await first.ReviewAsync(product.ProductId, rating: 4);
        await second.ReviewAsync(product.ProductId, rating: 5);
        var rated = (await anonymous.GetFromJsonAsync<ProductPage>(pageUrl))!;
        await first.PutReviewAsync(product.ProductId, new { rating = 1, body = "Broke on update." });
        var edited = (await anonymous.GetFromJsonAsync<JsonElement>(pageUrl))!;

        Assert.Equal((null, 0L), (before.Rating, before.RatingCount));
        Assert.Equal((4.5, 2L), (rated.Rating, rated.RatingCount));
        Assert.Equal(3.0, edited.GetProperty("rating").GetDouble());
        Assert.Equal(2, edited.GetProperty("ratingCount").GetInt64());
    }

    [Fact]
    public async Task The_rating_sort_of_discovery_reflects_a_new_review()
    {
        var (shop, unrated) = await payments.OnboardedShopWithProductAsync(price: 700);
        var body = CatalogScenario.ValidProduct();
        body["price"] = new { amount = 800, currency = "usd" };
        var reviewed = await shop.CreateProductAsync(body);
        var (buyer, _) = await payments.BuyerWhoPaidAsync(shop, reviewed);

        await buyer.ReviewAsync(reviewed.ProductId, rating: 5);

        var page = await Eventually.ReturnsAsync(
            () => payments.CreateClient().PageAsync($"/api/products?tenant={shop.Slug}&sort=rating"),
            p => p.Items.Count == 2 && p.Items[0].ProductId == reviewed.ProductId);
        Assert.Equal(new CatalogRating(5, 1), page.Items[0].Rating);
        Assert.Equal((unrated.ProductId, new CatalogRating(null, 0)), (page.Items[1].ProductId, page.Items[1].Rating));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_review_routes()
    {
        using var document = JsonDocument.Parse(await payments.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var post = paths.GetProperty("/api/products/{productId}/reviews").GetProperty("post");
        Assert.Superset(new HashSet<string> { "201", "400", "404", "409" }, post.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet());
        Assert.True(post.TryGetProperty("requestBody", out _));
        var put = paths.GetProperty("/api/products/{productId}/reviews/mine").GetProperty("put");
        Assert.Superset(new HashSet<string> { "200", "400", "404" }, put.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet());
        var list = paths.GetProperty("/api/tenants/{tenant}/products/{product}/reviews").GetProperty("get");
        Assert.Superset(new HashSet<string?> { "cursor", "limit" },
            list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet());
        Assert.Superset(new HashSet<string> { "200", "400", "404" }, list.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet());
    }
}
