using Claro.Catalog;
using Claro.Tests.Platform;
using Npgsql;

namespace Claro.Tests.Catalog;

/// <summary>
/// The key rows as two activations of one stock grain would write them, on separate connections at
/// once: Orleans can briefly run two, and they must take turns, never handing one key out twice.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LicenseKeyRowsTests(ApiFixture api) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(api.Claro.Settings.Database);
    private readonly string _product = $"t_rows/p_{Guid.NewGuid():N}";

    [Fact]
    public async Task Writers_at_once_never_give_one_key_to_two_order_lines()
    {
        await Writer().AddAsync(["K-1", "K-2", "K-3", "K-4", "K-5"]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Writer().AssignAsync($"co_{i % 10}", $"line_{i % 10}", quantity: 1)));

        var byLine = Enumerable.Range(0, 10).Select(line => answers.Where((_, i) => i % 10 == line).SelectMany(keys => keys).Distinct().ToList()).ToList();
        Assert.All(byLine, keys => Assert.True(keys.Count <= 1));
        var given = byLine.SelectMany(keys => keys).ToList();
        Assert.Equal(given.Distinct().Count(), given.Count);
        Assert.Equal(["K-1", "K-2", "K-3", "K-4", "K-5"], given.Order());
        Assert.Equal(new StockCounts(0, 0, 5), await Writer().CountsAsync());
    }

    [Fact]
    public async Task One_order_line_assigned_by_several_writers_at_once_gets_one_key_per_unit()
    {
        await Writer().AddAsync(Enumerable.Range(1, 10).Select(i => $"K-{i}").ToList());

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Writer().AssignAsync("co_1", "line_1", quantity: 3)));

        Assert.All(answers, keys => Assert.Equal(["K-1", "K-2", "K-3"], keys));
        Assert.Equal(new StockCounts(7, 0, 3), await Writer().CountsAsync());
    }

    [Fact]
    public async Task Reservations_at_once_never_hold_more_keys_than_there_are()
    {
        await Writer().AddAsync(["K-1", "K-2", "K-3"]);

        var held = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Writer().ReserveAsync($"co_{i}", quantity: 1, DateTimeOffset.UtcNow.AddMinutes(30))));

        Assert.Equal(3, held.Count(reserved => reserved));
        Assert.Equal(new StockCounts(0, 3, 0), await Writer().CountsAsync());
    }

    /// <summary>Each call a writer of its own, as each activation would be.</summary>
    private LicenseKeyRows Writer() => new(_database, _product, TimeProvider.System);

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
