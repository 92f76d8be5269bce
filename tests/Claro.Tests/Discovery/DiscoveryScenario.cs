using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Discovery;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using Npgsql;

namespace Claro.Tests.Discovery;

/// <summary>
/// Arrangements for discovery tests. The API fixture's database holds every other test's products
/// too, so each test marks its own with a tag (or a storefront) nobody else uses and filters by it.
/// </summary>
public static class DiscoveryScenario
{
    /// <summary>A tag, and a word, no other test uses: letters only, so full-text search keeps it whole.</summary>
    public static string UniqueWord(string prefix = "zq") =>
        prefix + new string(Guid.NewGuid().ToString("N")[..12].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());

    public static async Task<ProductDetails> AddProductAsync(
        this CreatorShop shop, string tag, long price = 1999, string visibility = "public", string category = "photography",
        string? title = null, string description = "Twelve presets for dark skies.", IEnumerable<string>? moreTags = null)
    {
        var body = CatalogScenario.ValidProduct();
        body["title"] = title ?? "Product " + Guid.NewGuid().ToString("N")[..8];
        body["price"] = new { amount = price, currency = "usd" };
        body["visibility"] = visibility;
        body["category"] = category;
        body["tags"] = new[] { tag }.Concat(moreTags ?? []).ToArray();
        body["description"] = description;
        body["content"] = "PAID-CONTENT-" + tag;
        return await shop.CreateProductAsync(body);
    }

    public static async Task<CatalogPage> PageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CatalogPage>())!;
    }

    public static async Task<List<string>> IdsAsync(this HttpClient client, string url) =>
        (await client.PageAsync(url)).Items.Select(i => i.ProductId).ToList();

    /// <summary>Every page of <paramref name="url"/>, following the cursors to the end.</summary>
    public static async Task<List<CatalogItem>> WalkAsync(this HttpClient client, string url, Func<Task>? betweenPages = null)
    {
        var items = new List<CatalogItem>();
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await client.PageAsync(cursor is null ? url : $"{url}&cursor={Uri.EscapeDataString(cursor)}");
            items.AddRange(page.Items);
            if (page.NextCursor is null)
                return items;
            cursor = page.NextCursor;
            if (betweenPages is not null)
                await betweenPages();
        }
        throw new InvalidOperationException("The cursor walk did not end.");
    }

    /// <summary>The 400 problem of <paramref name="url"/>: its code and the fields it names.</summary>
    public static async Task<(string? Code, IReadOnlyList<string> Fields)> ProblemAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(e => e.Name).ToList()
            : [];
        return (problem.TryGetProperty("code", out var code) ? code.GetString() : null, fields);
    }

    /// <summary>What fulfilment and reviews will write: counters set directly on the read model.</summary>
    public static async Task SetCountersAsync(this ApiFixture api, string productId, long sales = 0, double trending = 0, long ratingSum = 0, long ratingCount = 0)
    {
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        await using var command = database.CreateCommand("""
            UPDATE catalog SET sales_count = @sales, trending_score = @trending, rating_sum = @rating_sum, rating_count = @rating_count
             WHERE product_id = @product_id
            """);
        command.Parameters.AddWithValue("sales", sales);
        command.Parameters.AddWithValue("trending", trending);
        command.Parameters.AddWithValue("rating_sum", ratingSum);
        command.Parameters.AddWithValue("rating_count", ratingCount);
        command.Parameters.AddWithValue("product_id", productId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
