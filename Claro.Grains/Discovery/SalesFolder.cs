using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Claro.Discovery;

/// <summary>
/// Adds the sales fulfilment left in <c>catalog_sales_pending</c> to the products' catalog rows,
/// every <see cref="Interval"/>, on every silo; an advisory lock lets one fold at a time, so two
/// folds never lock the same catalog rows in different orders. A pending row is deleted in the
/// statement that counts it, so a sale is counted once whichever silo folds and whenever it stops.
/// </summary>
public sealed class SalesFolder(NpgsqlDataSource database, ILogger<SalesFolder> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    // Arbitrary but fixed: every Claro process must use the same key.
    private const long AdvisoryLockKey = 0x436C61726F_0002;
    private const int BatchSize = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                while (await FoldAsync(database, stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The sales stay pending; the next tick tries again.
                logger.LogWarning(e, "Folding pending sales into the catalog failed");
            }
        }
    }

    /// <summary>One fold of up to <see cref="BatchSize"/> pending sales; answers how many it took, 0 when another fold holds the lock.</summary>
    public static async Task<int> FoldAsync(NpgsqlDataSource database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
                return 0;
        }
        // Quantities and amounts add up with reversals (negative); the trending terms of the sales
        // alone are summed in log space around their largest, so exp cannot overflow.
        await using var fold = new NpgsqlCommand("""
            WITH batch AS (
                DELETE FROM catalog_sales_pending
                 WHERE (order_id, product_id, kind) IN (SELECT order_id, product_id, kind FROM catalog_sales_pending LIMIT @limit)
                RETURNING product_id, quantity, amount, trending, kind
            ), peaked AS (
                SELECT product_id, quantity, amount, trending, kind,
                       max(trending) FILTER (WHERE kind = 'sale') OVER (PARTITION BY product_id) AS peak
                  FROM batch
            ), per_product AS (
                SELECT product_id, sum(quantity) AS quantity, sum(amount) AS amount,
                       coalesce(max(peak) + ln(sum(exp(trending - peak)) FILTER (WHERE kind = 'sale')), 0) AS trending
                  FROM peaked
                 GROUP BY product_id
            ), counted AS (
                UPDATE catalog
                   SET sales_count = catalog.sales_count + sold.quantity,
                       revenue = catalog.revenue + sold.amount,
                       trending_score = catalog_trending_merge(catalog.trending_score, sold.trending)
                  FROM per_product AS sold
                 WHERE catalog.product_id = sold.product_id
            )
            SELECT count(*)::int FROM batch
            """, connection, transaction);
        fold.Parameters.AddWithValue("limit", BatchSize);
        var taken = (int)(await fold.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return taken;
    }
}
