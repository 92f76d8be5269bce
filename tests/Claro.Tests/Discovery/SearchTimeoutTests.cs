using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Claro.Discovery;
using Claro.Tests.Catalog;
using Claro.Tests.Platform;
using Npgsql;

namespace Claro.Tests.Discovery;

/// <summary>
/// A discovery query that runs past CLARO_SEARCH_TIMEOUT_SECONDS is cancelled in PostgreSQL and
/// answered 503 with a problem, instead of holding a connection for as long as it takes. A query
/// made slow for real (a frequent pair of words on a large catalog) is not something a test can
/// build quickly, so the catalog table is locked: every discovery query reads it and waits.
/// </summary>
public sealed class SearchTimeoutTests
{
    private const string BroadSearch = "/api/products?q=vintage%20minimal";

    [Fact]
    public async Task A_search_past_the_timeout_is_cancelled_in_postgresql_and_answered_503()
    {
        await using var host = await CatalogHost.StartAsync(configure: settings => settings.SearchTimeoutSeconds = 1);
        using var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(BroadSearch)).StatusCode);
        await using var database = NpgsqlDataSource.Create(host.Claro.Settings.Database);

        await using (var holder = await database.OpenConnectionAsync())
        await using (var transaction = await holder.BeginTransactionAsync())
        {
            await using (var lockCatalog = new NpgsqlCommand("LOCK TABLE catalog IN ACCESS EXCLUSIVE MODE", holder, transaction))
                await lockCatalog.ExecuteNonQueryAsync();

            var clock = Stopwatch.StartNew();
            var searching = http.GetAsync(BroadSearch);
            Assert.Equal(1L, await Eventually.ReturnsAsync(() => SearchesWaitingOnLocksAsync(database), waiting => waiting > 0));
            var answer = await searching;

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(CatalogSearchGrain.SearchTimeoutCode, problem.GetProperty("code").GetString());
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
            // Cancelled in the server, not only given up by the client: no search waits on the lock any more.
            Assert.Equal(0L, await Eventually.ReturnsAsync(() => SearchesWaitingOnLocksAsync(database), waiting => waiting == 0));
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(BroadSearch)).StatusCode);
    }

    /// <summary>Backends blocked on a lock in a full-text search (the sales folder's catalog update waits on it too).</summary>
    private static async Task<long> SearchesWaitingOnLocksAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""
            SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%websearch_to_tsquery%'
            """);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
