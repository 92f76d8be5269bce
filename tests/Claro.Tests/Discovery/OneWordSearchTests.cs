using System.Net.Http.Json;
using Claro.Discovery;
using Claro.Platform;
using Claro.Tests.Accounts;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using Npgsql;
using static Claro.Tests.Discovery.DiscoveryScenario;

namespace Claro.Tests.Discovery;

/// <summary>
/// A marketplace search for one word by relevance is read from catalog_terms in rank order
/// (0014_catalog_terms.sql); any other search ranks every match of catalog_search. Both must answer
/// the same rows in the same order, and every catalog write must keep catalog_terms in step.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OneWordSearchTests(ApiFixture api)
{
    private static readonly CatalogQuery NoFilters = new(null, null, null, null, null, null, null, null, null, null);

    private readonly HttpClient _anonymous = api.CreateClient();

    [Fact]
    public async Task One_word_searches_read_catalog_terms_and_other_searches_rank_every_match()
    {
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        var cursors = new CatalogCursor(api.Claro.Settings);

        async Task<bool> ReadsTermsAsync(CatalogQuery query)
        {
            await using var search = CatalogSearchGrain.BuildCommand(database, cursors, query);
            return search.Command.CommandText.Contains("FROM catalog_terms", StringComparison.Ordinal);
        }

        Assert.True(await ReadsTermsAsync(NoFilters with { Q = "Forest" }));
        Assert.True(await ReadsTermsAsync(NoFilters with { Q = "3d", Category = "software", MinPrice = "100", MaxPrice = "900", Sort = "relevance" }));
        Assert.False(await ReadsTermsAsync(NoFilters with { Q = "forest lantern" }));
        Assert.False(await ReadsTermsAsync(NoFilters with { Q = "-forest" }));
        Assert.False(await ReadsTermsAsync(NoFilters with { Q = "forest", Tags = "vintage" }));
        Assert.False(await ReadsTermsAsync(NoFilters with { Q = "forest", Tenant = "some-shop" }));
        Assert.False(await ReadsTermsAsync(NoFilters with { Q = "forest", Sort = "newest" }));
        Assert.False(await ReadsTermsAsync(NoFilters with { Q = "forest", StorefrontTenantId = "t_1" }));
    }

    [Fact]
    public async Task A_one_word_search_answers_what_ranking_every_match_answers_in_the_same_order()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var word = UniqueWord();
        await shop.AddProductAsync(mark, title: $"{word} {word} guide", category: "software", price: 999);
        await shop.AddProductAsync(mark, title: $"{word} pack", category: "software", price: 1999);
        await shop.AddProductAsync(mark, description: $"About {word}, and {word} again.", category: "software", price: 2999);
        await shop.AddProductAsync(mark, moreTags: [word], category: "software", price: 1500);
        for (var i = 0; i < 4; i++)
            await shop.AddProductAsync(mark, title: $"{word} kit {i}", category: "software", price: 1000 + 500 * i);
        await shop.AddProductAsync(mark, title: $"{word} album", category: "music", price: 1999);
        await shop.AddProductAsync(mark, title: $"{word} secret", visibility: "private", category: "software");
        await shop.AddProductAsync(mark, title: $"{word} unfinished", visibility: "draft", category: "software");

        // The tag every one of them carries sends the same search down the general path.
        foreach (var filters in new[] { "", "&category=software", "&category=software&minPrice=1000&maxPrice=2999", "&maxPrice=1500" })
        {
            var byTerms = await _anonymous.IdsAsync($"/api/products?q={word}{filters}");
            var byRanking = await _anonymous.IdsAsync($"/api/products?q={word}&tags={mark}{filters}");
            Assert.NotEmpty(byTerms);
            Assert.Equal(byRanking, byTerms);
            var walked = (await _anonymous.WalkAsync($"/api/products?q={word.ToUpperInvariant()}{filters}&limit=2")).Select(i => i.ProductId);
            Assert.Equal(byTerms, walked);
        }
        Assert.Equal(9, (await _anonymous.IdsAsync($"/api/products?q={word}")).Count);
        Assert.Empty(await _anonymous.IdsAsync("/api/products?q=the"));
    }

    [Fact]
    public async Task Every_write_to_a_product_or_its_tenant_keeps_its_terms_in_step()
    {
        var shop = await api.NewShopAsync();
        var mark = UniqueWord();
        var word = UniqueWord();
        var product = await shop.AddProductAsync(mark, title: $"{word} presets", price: 1999, category: "photography");
        var url = $"/api/products?q={word}";
        async Task PatchAsync(object change) =>
            (await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{product.ProductId}", change)).EnsureSuccessStatusCode();
        async Task<List<string>> FoundAsync(string filters = "") => await _anonymous.IdsAsync(url + filters);
        Assert.Equal([product.ProductId], await FoundAsync());

        await PatchAsync(new { price = new { amount = 2499, currency = "usd" } });
        Assert.Equal([product.ProductId], await FoundAsync("&minPrice=2499"));
        Assert.Empty(await FoundAsync("&maxPrice=2000"));

        await PatchAsync(new { category = "art" });
        Assert.Equal([product.ProductId], await FoundAsync("&category=art"));
        Assert.Empty(await FoundAsync("&category=photography"));

        await PatchAsync(new { title = "Something else entirely" });
        Assert.Empty(await FoundAsync());
        await PatchAsync(new { title = $"{word} presets, second edition" });
        Assert.Equal([product.ProductId], await FoundAsync());

        await PatchAsync(new { visibility = "private" });
        Assert.Empty(await FoundAsync());
        await PatchAsync(new { visibility = "public" });
        Assert.Equal([product.ProductId], await FoundAsync());

        var ops = api.CreateClient().WithToken((await api.NewAccountWithRolesAsync(PlatformRoles.Ops)).Token);
        (await ops.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/suspension", new { suspended = true })).EnsureSuccessStatusCode();
        Assert.Empty(await FoundAsync());
        (await ops.PutAsJsonAsync($"/api/ops/tenants/{shop.Slug}/suspension", new { suspended = false })).EnsureSuccessStatusCode();
        Assert.Equal([product.ProductId], await FoundAsync());

        // After all that, exactly one entry per lexeme of the row, each at the row's rank, category and price.
        Assert.Equal(0, await StrayTermsAsync(product.ProductId));
        Assert.True(await TermCountAsync(product.ProductId) > 0);

        (await shop.Owner.DeleteAsync($"{shop.Admin}/{product.ProductId}")).EnsureSuccessStatusCode();
        Assert.Empty(await FoundAsync());
        Assert.Equal(0, await TermCountAsync(product.ProductId));
    }

    [Fact]
    public async Task A_word_of_letters_and_digits_parses_to_the_one_lexeme_and_rank_the_terms_hold()
    {
        string[] words = ["Forest", "forests", "running", "3d", "abc123", "123abc", "1e5", "0x1f", "2024", "x", "the", "OR"];
        string[] documents =
        [
            "Forest forests running 3d abc123 123abc 1e5 0x1f 2024 x the or",
            "A running forest guide in 3d, with 2024 maps",
            "Nothing to see",
        ];
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        foreach (var word in words)
        foreach (var document in documents)
        {
            await using var command = database.CreateCommand("""
                SELECT coalesce(numnode(parsed.query), 0) <= 1,
                       (v.search @@ parsed.query) = coalesce(term.lexeme = ANY (tsvector_to_array(v.search)), false),
                       term.lexeme IS NULL OR ts_rank_cd(v.search, parsed.query) = ts_rank_cd(v.search, catalog_lexeme_query(term.lexeme))
                  FROM (SELECT websearch_to_tsquery('english'::regconfig, @word) AS query) AS parsed,
                       (SELECT (tsvector_to_array(to_tsvector('english'::regconfig, @word)))[1] AS lexeme) AS term,
                       (SELECT setweight(to_tsvector('english'::regconfig, @document), 'A') || setweight(to_tsvector('english'::regconfig, 'more ' || @document), 'C') AS search) AS v
                """);
            command.Parameters.AddWithValue("word", word);
            command.Parameters.AddWithValue("document", document);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0), $"{word}: more than one lexeme");
            Assert.True(reader.GetBoolean(1), $"{word} in '{document}': matches differ");
            Assert.True(reader.GetBoolean(2), $"{word} in '{document}': ranks differ");
        }

        foreach (var lexeme in new[] { "o'brien", @"back\slash", "plain" })
        {
            await using var command = database.CreateCommand("SELECT array_to_tsvector(ARRAY[@lexeme]) @@ catalog_lexeme_query(@lexeme), numnode(catalog_lexeme_query(@lexeme))");
            command.Parameters.AddWithValue("lexeme", lexeme);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0), lexeme);
            Assert.Equal(1, reader.GetInt32(1));
        }
    }

    private async Task<long> TermCountAsync(string productId)
    {
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        await using var command = database.CreateCommand("SELECT count(*) FROM catalog_terms WHERE product_id = @id");
        command.Parameters.AddWithValue("id", productId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Entries of the product missing from catalog_terms or there without a lexeme of the row behind them.</summary>
    private async Task<long> StrayTermsAsync(string productId)
    {
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        await using var command = database.CreateCommand("""
            WITH expected AS (
                SELECT term.lexeme, term.rank, c.product_id, c.category, c.price_amount
                  FROM catalog AS c, catalog_terms_of(c.search) AS term
                 WHERE c.product_id = @id AND c.visibility = 'public' AND c.tenant_active),
            held AS (SELECT lexeme, rank, product_id, category, price_amount FROM catalog_terms WHERE product_id = @id)
            SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM held) AS missing)
                 + (SELECT count(*) FROM (SELECT * FROM held EXCEPT ALL SELECT * FROM expected) AS extra)
            """);
        command.Parameters.AddWithValue("id", productId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
