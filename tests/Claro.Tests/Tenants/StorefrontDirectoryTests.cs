using System.Net;
using System.Net.Http.Json;
using Claro.Tenants;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;

namespace Claro.Tests.Tenants;

[Collection(ApiCollection.Name)]
public sealed class StorefrontDirectoryTests(ApiFixture api)
{
    [Fact]
    public async Task Storefronts_are_listed_newest_first_and_a_cursor_walk_sees_each_once()
    {
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
            mine.Add((await api.NewShopAsync()).Slug);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.CreateClient().GetFromJsonAsync<StorefrontPage>($"/api/tenants?limit=7{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            seen.AddRange(page!.Items.Select(s => s.Slug));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(Enumerable.Reverse(mine), seen.Where(mine.Contains));
    }

    [Fact]
    public async Task A_settings_change_shows_in_the_directory()
    {
        var shop = await api.NewShopAsync();

        await shop.Owner.PatchAsJsonAsync($"/api/tenants/{shop.Slug}/admin", new { name = "Renamed In Directory", tagline = "New tagline" });

        var first = await api.CreateClient().GetFromJsonAsync<StorefrontPage>("/api/tenants?limit=100");
        var listed = Assert.Single(first!.Items, s => s.Slug == shop.Slug);
        Assert.Equal("Renamed In Directory", listed.Name);
        Assert.Equal("New tagline", listed.Tagline);
    }

    [Fact]
    public async Task A_tampered_cursor_or_a_bad_limit_is_400()
    {
        await api.NewShopAsync();
        await api.NewShopAsync();
        var page = await api.CreateClient().GetFromJsonAsync<StorefrontPage>("/api/tenants?limit=1");
        var tampered = page!.NextCursor![..^2] + (page.NextCursor[^2] == 'A' ? "B" : "A") + page.NextCursor[^1];

        Assert.Equal(HttpStatusCode.BadRequest, (await api.CreateClient().GetAsync($"/api/tenants?cursor={Uri.EscapeDataString(tampered)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.CreateClient().GetAsync("/api/tenants?limit=0")).StatusCode);
    }
}
