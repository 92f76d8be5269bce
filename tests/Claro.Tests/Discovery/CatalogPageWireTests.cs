using Claro.Catalog;
using Claro.Discovery;
using Claro.Tests.Platform;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Claro.Tests.Discovery;

/// <summary>A catalog page crosses the grain boundary as one JSON blob: nothing may be lost on the way.</summary>
[Collection(ApiCollection.Name)]
public sealed class CatalogPageWireTests(ApiFixture api)
{
    private IServiceProvider Silo => ((InProcessSiloHandle)api.Claro.Cluster.Silos[0]).SiloHost.Services;

    [Fact]
    public void Every_field_of_a_page_survives_the_wire()
    {
        var created = new DateTimeOffset(2026, 12, 3, 21, 4, 5, 678, TimeSpan.Zero).AddTicks(9);
        var page = new CatalogPage(
        [
            new CatalogItem("p_1", "ünïcode-pack", "Ünïcode \"pack\" <b>", new Money(1999, "eur"), "fonts", ["serif", "日本"],
                new CatalogCreator("t_1", "studio"), "public", created, 42, new CatalogRating(4.333333333333333, 3)),
            new CatalogItem("p_2", "plain", "Plain", new Money(0, "usd"), "music", [],
                new CatalogCreator("t_2", "other"), "private", created.AddDays(-1), 0, new CatalogRating(null, 0)),
        ], "cursor.with+odd/chars=");
        var serializer = Silo.GetRequiredService<Serializer<CatalogPage>>();

        var read = serializer.Deserialize(serializer.SerializeToArray(page))!;

        Assert.Equivalent(page, read, strict: true);
        Assert.Equal(created, read.Items[0].CreatedAt);
        Assert.Equal(created.Offset, read.Items[0].CreatedAt.Offset);
    }

    [Fact]
    public void A_page_without_items_or_cursor_survives_the_wire()
    {
        var serializer = Silo.GetRequiredService<Serializer<CatalogPage>>();

        var read = serializer.Deserialize(serializer.SerializeToArray(new CatalogPage([], null)))!;

        Assert.Empty(read.Items);
        Assert.Null(read.NextCursor);
    }

    [Fact]
    public void A_page_is_not_copied_for_a_call_inside_one_silo()
    {
        var page = new CatalogPage([], "c");

        Assert.Same(page, Silo.GetRequiredService<DeepCopier<CatalogPage>>().Copy(page));
    }
}
