using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Catalog;
using Claro.Platform;
using Claro.Tests.Platform;
using Npgsql;
using Orleans.Storage;
using static Claro.Tests.Catalog.CatalogScenario;

namespace Claro.Tests.Catalog;

/// <summary>
/// The tenant's admin product list is read from the catalog read model: file counts, cursors that
/// belong to one tenant's list, and what an earlier Claro kept as the list grain's own state.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TenantProductListTests(ApiFixture api)
{
    [Fact]
    public async Task The_list_counts_each_products_files()
    {
        var shop = await api.NewShopAsync();
        var withFiles = await shop.CreateProductAsync();
        var without = await shop.CreateProductAsync();
        await shop.UploadAsync(withFiles.ProductId, [1, 2, 3]);
        await shop.UploadAsync(withFiles.ProductId, [4, 5, 6], "second.zip");

        var list = (await shop.Owner.GetFromJsonAsync<ProductList>(shop.Admin))!;

        Assert.Equal([(without.ProductId, 0), (withFiles.ProductId, 2)], list.Items.Select(p => (p.ProductId, p.FileCount)));
    }

    [Fact]
    public async Task A_walk_by_cursor_sees_every_product_once_while_more_are_created()
    {
        var shop = await api.NewShopAsync();
        var existing = new List<string>();
        for (var i = 0; i < 7; i++)
            existing.Add((await shop.CreateProductAsync()).ProductId);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await shop.Owner.GetFromJsonAsync<ProductList>($"{shop.Admin}?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"))!;
            seen.AddRange(page.Items.Select(p => p.ProductId));
            cursor = page.NextCursor;
            await shop.CreateProductAsync();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(existing), seen);
    }

    [Fact]
    public async Task A_tampered_cursor_or_one_of_another_tenants_list_is_400()
    {
        var shop = await api.NewShopAsync();
        var other = await api.NewShopAsync();
        for (var i = 0; i < 2; i++)
        {
            await shop.CreateProductAsync();
            await other.CreateProductAsync();
        }
        var cursor = (await shop.Owner.GetFromJsonAsync<ProductList>($"{shop.Admin}?limit=1"))!.NextCursor!;
        var othersCursor = (await other.Owner.GetFromJsonAsync<ProductList>($"{other.Admin}?limit=1"))!.NextCursor!;

        foreach (var bad in new[] { cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1], othersCursor, "12" })
        {
            var response = await shop.Owner.GetAsync($"{shop.Admin}?limit=1&cursor={Uri.EscapeDataString(bad)}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("cursor", out _));
        }
    }

    [Fact]
    public async Task File_counts_an_earlier_claro_kept_in_the_list_grains_state_move_to_the_catalog()
    {
        var shop = await api.NewShopAsync();
        var product = await shop.CreateProductAsync();
        await shop.UploadAsync(product.ProductId, [1, 2, 3]);
        var listed = Assert.Single((await shop.Owner.GetFromJsonAsync<ProductList>(shop.Admin))!.Items);
        // As before 0021: the catalog row knows no files, the grain's stored list does; the grain is not active.
        var list = api.Claro.Client.GetGrain<ITenantCatalogGrain>(product.TenantId);
        await api.Claro.Cluster.DeactivateAsync(list);
        await ExecuteAsync("UPDATE catalog SET file_count = 0 WHERE product_id = @id", product.ProductId);
        await api.Claro.GrainStorage.WriteStateAsync(StorageNames.TenantCatalog, list.GetGrainId(),
            new GrainState<TenantCatalogState>(new TenantCatalogState { Products = [listed] }));

        var moved = Assert.Single((await shop.Owner.GetFromJsonAsync<ProductList>(shop.Admin))!.Items);

        Assert.Equal(1, moved.FileCount);
        Assert.False(await api.Claro.InGrainStorageAsync<TenantCatalogState>(StorageNames.TenantCatalog, list.GetGrainId()));
    }

    private async Task ExecuteAsync(string sql, string id)
    {
        await using var database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
