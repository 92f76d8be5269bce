using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Checkout;
using Claro.Reviews;
using Claro.Tests.Accounts;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;

namespace Claro.Tests.Reviews;

/// <summary>Arrangements for review tests: buyers who really paid, through the emulator's checkout.</summary>
public static class ReviewScenario
{
    /// <summary>A new buyer (<paramref name="buyerId"/>, or a new id) who bought one of <paramref name="product"/>; and the payment intent.</summary>
    public static async Task<(HttpClient Buyer, string PaymentIntent)> BuyerWhoPaidAsync(
        this PaymentsFixture payments, CreatorShop shop, ProductDetails product, string? buyerId = null)
    {
        var buyer = payments.CreateClient(buyerId ?? CatalogScenario.NewUserId());
        return (buyer, await payments.BuyAsync(buyer, shop, product));
    }

    /// <summary>A buyer with a real account (and so a display name) who bought one of <paramref name="product"/>.</summary>
    public static async Task<HttpClient> SignedUpBuyerWhoPaidAsync(
        this PaymentsFixture payments, CreatorShop shop, ProductDetails product, string displayName)
    {
        var signup = await payments.CreateClient().FromOwnAddress().SignUpAsync(AccountHttp.NewEmail(), displayName: displayName);
        Assert.Equal(HttpStatusCode.Created, signup.StatusCode);
        var buyer = payments.CreateClient().WithToken((await signup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        await payments.BuyAsync(buyer, shop, product);
        return buyer;
    }

    /// <summary>Puts one of the product in the buyer's cart, checks out, pays, waits for fulfilment; answers the payment intent.</summary>
    private static async Task<string> BuyAsync(this PaymentsFixture payments, HttpClient buyer, CreatorShop shop, ProductDetails product)
    {
        var line = await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 });
        Assert.Equal(HttpStatusCode.OK, line.StatusCode);
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, shop.Slug);
        var paid = await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
        return paid["payment_intent"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> PostReviewAsync(this HttpClient buyer, string productId, object body) =>
        buyer.PostAsJsonAsync($"/api/products/{productId}/reviews", body);

    public static Task<HttpResponseMessage> PutReviewAsync(this HttpClient buyer, string productId, object body) =>
        buyer.PutAsJsonAsync($"/api/products/{productId}/reviews/mine", body);

    /// <summary>Posts a review that must be created.</summary>
    public static async Task<Review> ReviewAsync(this HttpClient buyer, string productId, int rating, string body = "Good.")
    {
        var response = await buyer.PostReviewAsync(productId, new { rating, body });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Review>())!;
    }

    /// <summary>The rating aggregate on the product's catalog row, as discovery reads it.</summary>
    public static async Task<(long Sum, long Count)> RatingAsync(this PaymentsFixture payments, string productId) =>
        (await payments.CountAsync("SELECT rating_sum FROM catalog WHERE product_id = @id", productId),
         await payments.CountAsync("SELECT rating_count FROM catalog WHERE product_id = @id", productId));

    public static Task<long> ReviewRowsAsync(this PaymentsFixture payments, string productId) =>
        payments.CountAsync("SELECT count(*) FROM reviews WHERE product_id = @id", productId);

    public static async Task<ReviewPage> ReviewPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ReviewPage>())!;
    }

    /// <summary>The fields a 400 problem+json names, after checking it is one.</summary>
    public static async Task<IReadOnlyList<string>> InvalidFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
    }

    public static string Reviews(CreatorShop shop, ProductDetails product) =>
        $"/api/tenants/{shop.Slug}/products/{product.Slug}/reviews";
}
