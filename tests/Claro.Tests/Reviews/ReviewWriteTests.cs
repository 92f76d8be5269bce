using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Reviews;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;
using Claro.Tests.Platform;

namespace Claro.Tests.Reviews;

[Collection(PaymentsCollection.Name)]
public sealed class ReviewWriteTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_buyer_reviews_a_product_they_bought_and_the_rating_aggregate_counts_it()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var (buyer, _) = await payments.BuyerWhoPaidAsync(shop, product);

        var response = await buyer.PostReviewAsync(product.ProductId, new { rating = 4, body = "Crisp presets." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/products/{product.ProductId}/reviews/mine", response.Headers.Location?.OriginalString);
        var review = (await response.Content.ReadFromJsonAsync<Review>())!;
        Assert.Equal((4, "Crisp presets.", product.ProductId), (review.Rating, review.Body, review.ProductId));
        Assert.StartsWith("r_", review.ReviewId);
        Assert.Equal((4L, 1L), await payments.RatingAsync(product.ProductId));
        Assert.Equal(review, await buyer.GetFromJsonAsync<Review>($"/api/products/{product.ProductId}/reviews/mine"));
    }

    [Fact]
    public async Task A_review_carries_the_display_name_the_buyer_signed_up_with()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var buyer = await payments.SignedUpBuyerWhoPaidAsync(shop, product, displayName: "Grace H.");

        var review = await buyer.ReviewAsync(product.ProductId, rating: 5);

        Assert.Equal("Grace H.", review.BuyerName);
        Assert.Equal("Grace H.", Assert.Single((await payments.CreateClient().ReviewPageAsync(ReviewScenario.Reviews(shop, product))).Items).BuyerName);
    }

    [Fact]
    public async Task Without_a_purchase_the_404_is_byte_identical_to_the_404_for_a_product_that_does_not_exist()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        await payments.BuyerWhoPaidAsync(shop, product);
        var stranger = payments.CreateClient(CatalogScenario.NewUserId());

        var notBought = await stranger.PostReviewAsync(product.ProductId, new { rating = 5, body = "Great" });
        var byTheCreator = await shop.Owner.PostReviewAsync(product.ProductId, new { rating = 5, body = "Great" });
        var missing = await stranger.PostReviewAsync($"p_{Guid.NewGuid():N}", new { rating = 5, body = "Great" });

        Assert.Equal(HttpStatusCode.NotFound, notBought.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byTheCreator.StatusCode);
        var expected = await missing.Content.ReadAsByteArrayAsync();
        Assert.Equal(expected, await notBought.Content.ReadAsByteArrayAsync());
        Assert.Equal(expected, await byTheCreator.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await payments.CreateClient().PostReviewAsync(product.ProductId, new { rating = 5 })).StatusCode);
        Assert.Equal((0L, 0L), await payments.RatingAsync(product.ProductId));
    }

    [Fact]
    public async Task A_second_review_by_the_same_buyer_is_409_and_leaves_the_aggregate_alone()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var (buyer, _) = await payments.BuyerWhoPaidAsync(shop, product);
        var first = await buyer.ReviewAsync(product.ProductId, rating: 2, body: "Meh.");

        var second = await buyer.PostReviewAsync(product.ProductId, new { rating = 5, body = "Actually great." });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("review_exists", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal((2L, 1L), await payments.RatingAsync(product.ProductId));
        Assert.Equal(first, await buyer.GetFromJsonAsync<Review>($"/api/products/{product.ProductId}/reviews/mine"));
    }

    [Fact]
    public async Task Concurrent_reviews_by_one_buyer_create_one_and_answer_409_to_the_rest()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var (buyer, _) = await payments.BuyerWhoPaidAsync(shop, product);

        var responses = await Task.WhenAll(Enumerable.Range(1, 5).Select(rating =>
            buyer.PostReviewAsync(product.ProductId, new { rating, body = $"Take {rating}" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var created = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<Review>())!;
        Assert.Equal(((long)created.Rating, 1L), await payments.RatingAsync(product.ProductId));
        Assert.Equal(1L, await payments.ReviewRowsAsync(product.ProductId));
    }

    [Fact]
    public async Task Editing_a_review_moves_the_aggregate_by_the_difference()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var (first, _) = await payments.BuyerWhoPaidAsync(shop, product);
        var (second, _) = await payments.BuyerWhoPaidAsync(shop, product);
        var original = await first.ReviewAsync(product.ProductId, rating: 2, body: "Meh.");
        await second.ReviewAsync(product.ProductId, rating: 4);

        var response = await first.PutReviewAsync(product.ProductId, new { rating = 5, body = "Grew on me." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edited = (await response.Content.ReadFromJsonAsync<Review>())!;
        Assert.Equal((original.ReviewId, 5, "Grew on me.", original.CreatedAt), (edited.ReviewId, edited.Rating, edited.Body, edited.CreatedAt));
        Assert.True(edited.UpdatedAt >= original.UpdatedAt);
        Assert.Equal((9L, 2L), await payments.RatingAsync(product.ProductId));

        Assert.Equal(HttpStatusCode.OK, (await first.PutReviewAsync(product.ProductId, new { rating = 5, body = "Same stars." })).StatusCode);
        Assert.Equal((9L, 2L), await payments.RatingAsync(product.ProductId));
    }

    [Fact]
    public async Task Editing_without_a_review_is_404()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var (buyer, _) = await payments.BuyerWhoPaidAsync(shop, product);

        var edit = await buyer.PutReviewAsync(product.ProductId, new { rating = 3, body = "Hm." });
        var mine = await buyer.GetAsync($"/api/products/{product.ProductId}/reviews/mine");

        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mine.StatusCode);
        Assert.Equal((0L, 0L), await payments.RatingAsync(product.ProductId));
    }

    [Fact]
    public async Task An_invalid_rating_or_body_is_a_400_naming_the_field_and_changes_nothing()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var (buyer, _) = await payments.BuyerWhoPaidAsync(shop, product);
        var tooLong = new string('x', ReviewRules.MaxBodyLength + 1);

        Assert.Equal(new[] { "rating" }, await ReviewScenario.InvalidFieldsAsync(await buyer.PostReviewAsync(product.ProductId, new { rating = 0, body = "ok" })));
        Assert.Equal(new[] { "rating" }, await ReviewScenario.InvalidFieldsAsync(await buyer.PostReviewAsync(product.ProductId, new { rating = 6, body = "ok" })));
        Assert.Equal(new[] { "rating" }, await ReviewScenario.InvalidFieldsAsync(await buyer.PostReviewAsync(product.ProductId, new { body = "ok" })));
        Assert.Equal(new[] { "rating" }, await ReviewScenario.InvalidFieldsAsync(await buyer.PostReviewAsync(product.ProductId, new { rating = 4.5, body = "ok" })));
        Assert.Equal(new[] { "body" }, await ReviewScenario.InvalidFieldsAsync(await buyer.PostReviewAsync(product.ProductId, new { rating = 4, body = tooLong })));
        Assert.Equal(0L, await payments.ReviewRowsAsync(product.ProductId));
        Assert.Equal((0L, 0L), await payments.RatingAsync(product.ProductId));

        var review = await buyer.ReviewAsync(product.ProductId, rating: 3, body: new string('y', ReviewRules.MaxBodyLength));
        Assert.Equal(new[] { "body" }, await ReviewScenario.InvalidFieldsAsync(await buyer.PutReviewAsync(product.ProductId, new { rating = 5, body = tooLong })));
        Assert.Equal(new[] { "rating" }, await ReviewScenario.InvalidFieldsAsync(await buyer.PutReviewAsync(product.ProductId, new { rating = -1, body = "ok" })));
        Assert.Equal(review, await buyer.GetFromJsonAsync<Review>($"/api/products/{product.ProductId}/reviews/mine"));
        Assert.Equal((3L, 1L), await payments.RatingAsync(product.ProductId));
    }

    [Fact]
    public async Task A_body_with_markup_comes_back_as_the_same_literal_text_in_json_never_as_html()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var (buyer, _) = await payments.BuyerWhoPaidAsync(shop, product);
        const string body = "<script>alert('x')</script> & <b>bold</b> \"quoted\" <img src=x onerror=alert(1)>";

        var created = await buyer.PostReviewAsync(product.ProductId, new { rating = 5, body });
        var listed = await payments.CreateClient().GetAsync(ReviewScenario.Reviews(shop, product));

        foreach (var response in new[] { created, listed })
        {
            // Text in JSON, which no browser may sniff into HTML or run anything from.
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            // Stored and served as written: neither HTML-encoded nor sanitised on the way.
            Assert.DoesNotContain("&lt;", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(body, (await created.Content.ReadFromJsonAsync<Review>())!.Body);
        Assert.Equal(body, Assert.Single((await listed.Content.ReadFromJsonAsync<ReviewPage>())!.Items).Body);
    }

    [Fact]
    public async Task A_refunded_buyer_gets_the_404_of_a_product_that_does_not_exist()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 900);
        var (buyer, intent) = await payments.BuyerWhoPaidAsync(shop, product);
        await payments.ControlAsync($"payment_intents/{intent}/refund");
        await Eventually.ReturnsAsync(() => buyer.GetAsync($"/api/library/{product.ProductId}"), r => r.StatusCode == HttpStatusCode.NotFound);

        var refunded = await buyer.PostReviewAsync(product.ProductId, new { rating = 1, body = "Refunded." });
        var missing = await buyer.PostReviewAsync($"p_{Guid.NewGuid():N}", new { rating = 1, body = "Refunded." });

        Assert.Equal(HttpStatusCode.NotFound, refunded.StatusCode);
        Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await refunded.Content.ReadAsByteArrayAsync());
        Assert.Equal((0L, 0L), await payments.RatingAsync(product.ProductId));
    }
}
