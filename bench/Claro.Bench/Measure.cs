using System.Diagnostics;
using Npgsql;

namespace Claro.Bench;

public static class Measure
{
    /// <summary>Nearest-rank percentile of milliseconds.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Sequential round-trips, each timed; warm-up calls are made first and not counted.</summary>
    public static async Task<List<double>> SequentialAsync(int warmup, int count, Func<int, Task> call)
    {
        for (var i = 0; i < warmup; i++)
            await call(i);
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call(warmup + i);
            samples.Add(Ms(Stopwatch.GetTimestamp() - start));
        }
        return samples;
    }

    public sealed record Rate(long Completed, long Failed, TimeSpan Elapsed)
    {
        public double PerSecond => Completed / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// A closed loop: <paramref name="concurrency"/> callers, each starting its next call when the
    /// last one answers, for <paramref name="duration"/>. A call answers true when it succeeded.
    /// </summary>
    public static async Task<Rate> ClosedLoopAsync(int concurrency, TimeSpan duration, Func<long, CancellationToken, Task<bool>> call, CancellationToken cancel)
    {
        long completed = 0, failed = 0, next = 0;
        var stopwatch = Stopwatch.StartNew();
        var until = duration.Ticks;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (stopwatch.Elapsed.Ticks < until && !cancel.IsCancellationRequested)
            {
                if (await call(Interlocked.Increment(ref next), cancel))
                    Interlocked.Increment(ref completed);
                else
                    Interlocked.Increment(ref failed);
            }
        }, cancel));
        await Task.WhenAll(workers);
        cancel.ThrowIfCancellationRequested();
        return new Rate(completed, failed, stopwatch.Elapsed);
    }

    /// <summary>
    /// The server's raw durable commit rate: each of <paramref name="connections"/> connections loops
    /// a prepared single-row INSERT in its own autocommit transaction for <paramref name="duration"/>.
    /// </summary>
    public static async Task<Rate> PostgresCommitsAsync(string database, int connections, TimeSpan duration, CancellationToken cancel)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using (var create = dataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS bench_commit_probe (id bigserial PRIMARY KEY, worker int NOT NULL, at timestamptz NOT NULL DEFAULT now(), note text NOT NULL)"))
            await create.ExecuteNonQueryAsync(cancel);

        return await ClosedLoopPerConnectionAsync(dataSource, connections, duration, cancel);
    }

    private static async Task<Rate> ClosedLoopPerConnectionAsync(NpgsqlDataSource dataSource, int connections, TimeSpan duration, CancellationToken cancel)
    {
        long completed = 0;
        var stopwatch = new Stopwatch();
        using var ready = new Barrier(connections + 1);
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancel);
            await using var insert = new NpgsqlCommand("INSERT INTO bench_commit_probe (worker, note) VALUES ($1, $2)", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = worker });
            insert.Parameters.Add(new NpgsqlParameter { Value = "probe" });
            await insert.PrepareAsync(cancel);
            ready.SignalAndWait(cancel);
            var mine = 0L;
            while (stopwatch.Elapsed < duration && !cancel.IsCancellationRequested)
            {
                await insert.ExecuteNonQueryAsync(cancel);
                mine++;
            }
            Interlocked.Add(ref completed, mine);
        }, cancel)).ToList();
        await Task.Run(() => ready.SignalAndWait(cancel), cancel);
        stopwatch.Start();
        await Task.WhenAll(workers);
        return new Rate(completed, 0, stopwatch.Elapsed);
    }
}
