using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Claro.Catalog;
using Claro.Tests.Platform;
using static Claro.Tests.Catalog.CatalogScenario;

namespace Claro.Tests.Catalog;

[Collection(ApiCollection.Name)]
public sealed class ProductAdminTests(ApiFixture api)
{
    [Fact]
    public async Task A_created_product_is_201_and_reads_back_as_submitted_with_tags_normalised()
    {
        var shop = await api.NewShopAsync();
        var body = ValidProduct();
        body["tags"] = new[] { " Lightroom ", "NIGHT", "night" };
        body["price"] = new { amount = 1999, currency = "USD" };

        var response = await shop.Owner.PostAsJsonAsync(shop.Admin, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<ProductDetails>())!;
        var read = (await shop.Owner.GetFromJsonAsync<ProductDetails>($"{shop.Admin}/{created.ProductId}"))!;

        Assert.Equal($"/api/tenants/{shop.Slug}/admin/products/{created.ProductId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Night Sky Presets", read.Title);
        Assert.Equal(body["slug"], read.Slug);
        Assert.Equal(new Money(1999, "usd"), read.Price);
        Assert.Equal("public", read.Visibility);
        Assert.Equal("photography", read.Category);
        Assert.Equal(["lightroom", "night"], read.Tags);
        Assert.Equal("# Thanks!\n\nInstall by importing the folder.", read.Content);
        Assert.Empty(read.Files);
    }

    [Fact]
    public async Task A_product_without_a_slug_gets_one_made_from_its_title()
    {
        var shop = await api.NewShopAsync();
        var body = ValidProduct();
        body.Remove("slug");
        body["title"] = "Café Fonts: Vol. 2";

        var created = await shop.CreateProductAsync(body);

        Assert.Equal("cafe-fonts-vol-2", created.Slug);
    }

    [Fact]
    public async Task A_product_without_visibility_or_category_starts_as_a_draft_in_other()
    {
        var shop = await api.NewShopAsync();
        var body = ValidProduct();
        body.Remove("visibility");
        body.Remove("category");

        var created = await shop.CreateProductAsync(body);

        Assert.Equal("draft", created.Visibility);
        Assert.Equal("other", created.Category);
    }

    [Fact]
    public async Task Editing_changes_only_the_fields_sent()
    {
        var shop = await api.NewShopAsync();
        var created = await shop.CreateProductAsync();

        var response = await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{created.ProductId}", new { title = "Night Sky Presets II", price = new { amount = 2500, currency = "eur" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = (await shop.Owner.GetFromJsonAsync<ProductDetails>($"{shop.Admin}/{created.ProductId}"))!;

        Assert.Equal("Night Sky Presets II", read.Title);
        Assert.Equal(new Money(2500, "eur"), read.Price);
        Assert.Equal(created.Slug, read.Slug);
        Assert.Equal(created.Description, read.Description);
        Assert.Equal(created.Content, read.Content);
        Assert.Equal(created.Tags, read.Tags);
    }

    [Fact]
    public async Task Archiving_keeps_the_product_for_its_members_and_takes_its_page_down()
    {
        var shop = await api.NewShopAsync();
        var created = await shop.CreateProductAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync($"/api/tenants/{shop.Slug}/products/{created.Slug}")).StatusCode);

        var archived = await shop.Owner.DeleteAsync($"{shop.Admin}/{created.ProductId}");

        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        var read = (await shop.Owner.GetFromJsonAsync<ProductDetails>($"{shop.Admin}/{created.ProductId}"))!;
        Assert.Equal("archived", read.Visibility);
        Assert.Equal(created.Content, read.Content);
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().GetAsync($"/api/tenants/{shop.Slug}/products/{created.Slug}")).StatusCode);
    }

    [Fact]
    public async Task The_admin_list_shows_every_product_in_every_state_newest_first_in_pages()
    {
        var shop = await api.NewShopAsync();
        var draft = ValidProduct();
        draft["visibility"] = "draft";
        var first = await shop.CreateProductAsync(draft);
        var second = await shop.CreateProductAsync();
        var third = await shop.CreateProductAsync();
        await shop.Owner.DeleteAsync($"{shop.Admin}/{second.ProductId}");

        var page1 = (await shop.Owner.GetFromJsonAsync<ProductList>($"{shop.Admin}?limit=2"))!;
        var page2 = (await shop.Owner.GetFromJsonAsync<ProductList>($"{shop.Admin}?limit=2&cursor={page1.NextCursor}"))!;

        Assert.Equal([third.ProductId, second.ProductId], page1.Items.Select(p => p.ProductId));
        Assert.Equal("archived", page1.Items[1].Visibility);
        Assert.Equal([first.ProductId], page2.Items.Select(p => p.ProductId));
        Assert.Equal("draft", page2.Items[0].Visibility);
        Assert.Null(page2.NextCursor);
    }

    /// <summary>A property of the valid body, the JSON it is set to, and the field the 400 must name.</summary>
    public static TheoryData<string, string, string> InvalidInputs() => new()
    {
        { "title", "\"\"", "title" },
        { "title", "\"   \"", "title" },
        { "title", JsonSerializer.Serialize(new string('t', 141)), "title" },
        { "slug", "\"Night Sky!\"", "slug" },
        { "slug", "\"ab\"", "slug" },
        { "slug", JsonSerializer.Serialize(new string('s', 49)), "slug" },
        { "price", "null", "price" },
        { "price", """{"amount":49,"currency":"usd"}""", "price.amount" },
        { "price", """{"amount":1000001,"currency":"usd"}""", "price.amount" },
        { "price", """{"amount":1999,"currency":"jpy"}""", "price.currency" },
        { "price", """{"amount":"cheap","currency":"usd"}""", "price.amount" },
        { "price", """{"amount":19.99,"currency":"usd"}""", "price.amount" },
        { "visibility", "\"hidden\"", "visibility" },
        { "category", "\"weapons\"", "category" },
        { "tags", JsonSerializer.Serialize(Enumerable.Range(0, 11).Select(i => $"tag{i}")), "tags" },
        { "tags", JsonSerializer.Serialize(new[] { new string('x', 33) }), "tags" },
        { "tags", "[\"\"]", "tags" },
        { "tags", "[\"a,b\"]", "tags" },
        { "description", JsonSerializer.Serialize(new string('d', ProductRules.MaxDescriptionLength + 1)), "description" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Invalid_input_is_400_naming_the_field_and_creates_nothing(string property, string json, string field)
    {
        var shop = await api.NewShopAsync();
        var body = JsonSerializer.SerializeToNode(ValidProduct())!.AsObject();
        body[property] = JsonNode.Parse(json);

        var response = await shop.Owner.PostAsync(shop.Admin, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
        Assert.Empty((await shop.Owner.GetFromJsonAsync<ProductList>(shop.Admin))!.Items);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task An_invalid_edit_is_400_naming_the_field_and_changes_nothing(string property, string json, string field)
    {
        if (property == "price" && json == "null")
            return; // In an edit a null price means "leave the price as it is".
        var shop = await api.NewShopAsync();
        var created = await shop.CreateProductAsync();
        var before = await shop.Owner.GetStringAsync($"{shop.Admin}/{created.ProductId}");

        var response = await shop.Owner.PatchAsync($"{shop.Admin}/{created.ProductId}",
            new StringContent(new JsonObject { [property] = JsonNode.Parse(json) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
        Assert.Equal(before, await shop.Owner.GetStringAsync($"{shop.Admin}/{created.ProductId}"));
    }

    [Fact]
    public async Task Concurrent_creations_with_one_slug_produce_exactly_one_product()
    {
        var shop = await api.NewShopAsync();
        var slug = NewSlug("race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => shop.Owner.PostAsJsonAsync(shop.Admin, ValidProduct(slug))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
            Assert.Equal("slug_taken", (await lost.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        Assert.Single((await shop.Owner.GetFromJsonAsync<ProductList>(shop.Admin))!.Items);
    }

    [Fact]
    public async Task Renaming_the_slug_moves_the_page_and_frees_the_old_slug()
    {
        var shop = await api.NewShopAsync();
        var created = await shop.CreateProductAsync();
        var renamed = NewSlug("renamed");

        var response = await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{created.ProductId}", new { slug = renamed });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var visitor = api.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/tenants/{shop.Slug}/products/{created.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/tenants/{shop.Slug}/products/{renamed}")).StatusCode);
        var reuse = await shop.CreateProductAsync(ValidProduct(created.Slug));
        Assert.Equal(created.Slug, reuse.Slug);
    }

    [Fact]
    public async Task Taking_another_products_slug_in_an_edit_is_409_slug_taken()
    {
        var shop = await api.NewShopAsync();
        var first = await shop.CreateProductAsync();
        var second = await shop.CreateProductAsync();

        var response = await shop.Owner.PatchAsJsonAsync($"{shop.Admin}/{second.ProductId}", new { slug = first.Slug });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("slug_taken", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task One_slug_can_be_used_by_two_tenants()
    {
        var slug = NewSlug("shared");

        await (await api.NewShopAsync()).CreateProductAsync(ValidProduct(slug));
        var other = await (await api.NewShopAsync()).CreateProductAsync(ValidProduct(slug));

        Assert.Equal(slug, other.Slug);
    }

    [Fact]
    public async Task The_public_page_shows_title_price_description_and_creator_but_never_the_content()
    {
        var shop = await api.NewShopAsync();
        var created = await shop.CreateProductAsync();

        var response = await api.CreateClient().GetAsync($"/api/tenants/{shop.Slug}/products/{created.Slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var page = JsonSerializer.Deserialize<ProductPage>(text, JsonSerializerOptions.Web)!;
        Assert.Equal(created.Title, page.Title);
        Assert.Equal(created.Price, page.Price);
        Assert.Equal(created.Description, page.Description);
        Assert.Equal(shop.Slug, page.Creator.Slug);
        Assert.Equal("Catalog Test Shop", page.Creator.Name);
        Assert.DoesNotContain("content", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Install by importing", text);
    }

    [Fact]
    public async Task A_private_product_has_a_page_on_its_storefront()
    {
        var shop = await api.NewShopAsync();
        var body = ValidProduct();
        body["visibility"] = "private";
        var created = await shop.CreateProductAsync(body);

        var response = await api.CreateClient().GetAsync($"/api/tenants/{shop.Slug}/products/{created.Slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_draft_products_page_is_the_same_404_as_a_missing_products()
    {
        var shop = await api.NewShopAsync();
        var body = ValidProduct();
        body["visibility"] = "draft";
        var draft = await shop.CreateProductAsync(body);
        var visitor = api.CreateClient();

        var hidden = await visitor.GetAsync($"/api/tenants/{shop.Slug}/products/{draft.Slug}");
        var missing = await visitor.GetAsync($"/api/tenants/{shop.Slug}/products/no-such-product");

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(await missing.Content.ReadAsByteArrayAsync(), await hidden.Content.ReadAsByteArrayAsync());
    }

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains(field, errors);
    }
}
