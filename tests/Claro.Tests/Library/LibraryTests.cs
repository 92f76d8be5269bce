using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Checkout;
using Claro.Tests.Catalog;
using Claro.Tests.Checkout;
using Claro.Tests.Platform;

namespace Claro.Tests.Library;

[Collection(PaymentsCollection.Name)]
public sealed class LibraryTests(PaymentsFixture payments)
{
    [Fact]
    public async Task A_paid_order_delivers_safe_content_one_key_per_unit_and_a_working_download_link()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 1500);
        await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}",
            new { content = "# Thanks\n\n<script>alert(1)</script>\n\n[run](javascript:alert(2)) and [docs](https://example.com/docs)" });
        var fileBytes = CatalogScenario.RandomBytes(64 * 1024);
        var file = await shop.UploadAsync(product.ProductId, fileBytes);
        await shop.Owner.PostAsJsonAsync($"{shop.Admin}/{product.ProductId}/keys", new { keys = new[] { "KEY-A", "KEY-B", "KEY-C" } });
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 2);

        await PayAsync(buyer, shop.Slug);

        var item = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");
        var html = item.GetProperty("contentHtml").GetString()!;
        Assert.Contains("<h1", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("https://example.com/docs", html);
        Assert.Equal(2, item.GetProperty("licenseKeys").GetArrayLength());
        var link = Assert.Single(item.GetProperty("files").EnumerateArray());
        Assert.Equal(file.Sha256, link.GetProperty("sha256").GetString());

        var downloadPath = new Uri(link.GetProperty("url").GetString()!).PathAndQuery;
        var anonymous = payments.CreateClient();
        Assert.Equal(fileBytes, await anonymous.GetByteArrayAsync(downloadPath));
        var ranged = new HttpRequestMessage(HttpMethod.Get, downloadPath) { Headers = { Range = new RangeHeaderValue(100, 199) } };
        var partial = await anonymous.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(fileBytes[100..200], await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Another_buyer_gets_the_same_404_for_bought_content_as_for_a_missing_product()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 800);
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        await PayAsync(buyer, shop.Slug);
        var other = payments.CreateClient(CatalogScenario.NewUserId());

        var theirs = await other.GetAsync($"/api/library/{product.ProductId}");
        var missing = await other.GetAsync($"/api/library/p_{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/library/{product.ProductId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await theirs.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_creators_content_change_shows_in_the_library_at_once_on_the_products_silo()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 800);
        await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { content = "First edition" });
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        await PayAsync(buyer, shop.Slug);
        var before = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");

        var patched = await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", new { content = "Second edition" });
        var after = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Contains("First edition", before.GetProperty("contentHtml").GetString());
        Assert.Contains("Second edition", after.GetProperty("contentHtml").GetString());
    }

    [Fact]
    public async Task A_tampered_download_token_is_404()
    {
        var (shop, product) = await payments.OnboardedShopWithProductAsync(price: 800);
        await shop.UploadAsync(product.ProductId, CatalogScenario.RandomBytes(1024));
        var buyer = await payments.BuyerWithCartAsync(shop, product, quantity: 1);
        await PayAsync(buyer, shop.Slug);
        var item = await buyer.GetFromJsonAsync<JsonElement>($"/api/library/{product.ProductId}");
        var path = new Uri(item.GetProperty("files")[0].GetProperty("url").GetString()!).AbsolutePath;

        var tampered = path[..^3] + (path[^3] == 'A' ? 'B' : 'A') + path[^2..];

        Assert.Equal(HttpStatusCode.NotFound, (await payments.CreateClient().GetAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await payments.CreateClient().GetAsync("/api/downloads/not-a-token")).StatusCode);
    }

    [Fact]
    public async Task The_library_pages_newest_first_by_a_cursor_bound_to_its_buyer()
    {
        var (shop, first) = await payments.OnboardedShopWithProductAsync(price: 300);
        var second = await shop.CreateProductAsync();
        var third = await shop.CreateProductAsync();
        var buyerId = CatalogScenario.NewUserId();
        var buyer = payments.CreateClient(buyerId);
        foreach (var product in new[] { first, second })
            await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{product.ProductId}", new { quantity = 1 });
        await PayAsync(buyer, shop.Slug);
        await buyer.PutAsJsonAsync($"/api/carts/{shop.Slug}/items/{third.ProductId}", new { quantity = 1 });
        await PayAsync(buyer, shop.Slug);

        var seen = new List<string>();
        var grantedAt = new List<DateTimeOffset>();
        string? cursor = null;
        string? firstCursor = null;
        do
        {
            var page = await buyer.GetFromJsonAsync<JsonElement>("/api/library?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("productId").GetString()!));
            grantedAt.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("grantedAt").GetDateTimeOffset()));
            cursor = page.GetProperty("nextCursor").GetString();
            firstCursor ??= cursor;
        }
        while (cursor is not null);

        // Payment times are Stripe's, in whole seconds: both orders may share one, so only the order of times is certain.
        Assert.Equal(grantedAt.OrderByDescending(at => at), grantedAt);
        Assert.Equal(new[] { first.ProductId, second.ProductId, third.ProductId }.Order(), seen.Order());
        Assert.NotNull(firstCursor);
        var othersCursor = await payments.CreateClient(CatalogScenario.NewUserId()).GetAsync("/api/library?cursor=" + Uri.EscapeDataString(firstCursor));
        Assert.Equal(HttpStatusCode.BadRequest, othersCursor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.GetAsync("/api/library?cursor=" + Uri.EscapeDataString(firstCursor[..^2] + "xx"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.GetAsync("/api/library?limit=0")).StatusCode);
    }

    private async Task PayAsync(HttpClient buyer, string slug)
    {
        var checkout = await PaymentsFixture.CheckoutAsync(buyer, slug);
        await payments.ControlAsync($"checkout/sessions/{checkout.StripeSessionId}/pay");
        await PaymentsFixture.CheckoutWhenAsync(buyer, checkout, view => view.Status == CheckoutStatus.Fulfilled);
    }
}
