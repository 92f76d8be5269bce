using Claro.Benchmarks;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Claro.Catalog;
using Claro.Discovery;
using Claro.Silo.Seeding;
using Claro.Silo.Hosting;
using Npgsql;

namespace Claro.DiscoveryBench;

/// <summary>
/// The discovery benchmark: a seeded catalog (1,000,000 products, 5,000 storefronts by default),
/// three kinds of query at 8 concurrent clients through HTTP, and the same SQL the search grain
/// runs (<see cref="CatalogSearchGrain.BuildCommand"/>) straight on Npgsql at 8 connections, in one run.
/// </summary>
public static partial class DiscoveryBenchProgram
{
    /// <summary>A PostgreSQL memory size, checked so the option cannot smuggle other server options in.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]+(kB|MB|GB)$")]
    private static partial System.Text.RegularExpressions.Regex SizeSetting();

    private const double TargetP95Ms = 20;
    private const double TargetRatio = 2;
    private const int WalkPages = 50;

    public static async Task<int> Main(string[] args)
    {
        if (Options.Parse(args) is not { } options)
            return 2;
        using var stop = new CancellationTokenSource();
        using var signals = BenchMachine.CancelOnSignals(stop);

        var loadAtStart = BenchMachine.LoadAverage();
        var clock = Stopwatch.StartNew();
        void Log(string line) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {line}");
        DiscoveryStack? stack = null;
        try
        {
            if (options.SharedBuffers is { } sharedBuffers)
                Environment.SetEnvironmentVariable("CLARO_PG_OPTIONS", $"-c shared_buffers={sharedBuffers}");
            stack = await DiscoveryStack.StartAsync(BenchMachine.RepositoryRoot(), options.Keep, options.ApiHostsSilo, Log, stop.Token);
            var seeding = await SeedIfNeededAsync(stack, options, Log, stop.Token);
            if (options.SharedBuffers is not null)
                seeding += "; " + await PrewarmAsync(stack.Database, Log, stop.Token);
            var postgres = await PostgresSettingsAsync(stack.Database, stop.Token);
            await using var sides = new Sides(stack, options.Clients, stop.Token);
            var scenarios = Scenarios(options).ToList();
            await WarmUpAsync(scenarios, sides, options, Log, stop.Token);
            var results = new List<Result>();
            foreach (var scenario in scenarios)
                results.Add(await MeasureAsync(scenario, sides, options, Log, stop.Token));

            Console.WriteLine();
            Console.WriteLine("== Claro discovery benchmark ==");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, 1-min load average at start {loadAtStart} / at end {BenchMachine.LoadAverage()}, {RuntimeInformation.OSDescription}, {BenchMachine.Runtime()}");
            Console.WriteLine($"postgres: {postgres}");
            Console.WriteLine($"catalog: {seeding}");
            Console.WriteLine($"warm-up: {options.WarmupSeconds} s of all three queries on both sides before the first is measured (the JIT settled, as in a server answering for a while)");
            Console.WriteLine($"load: {options.Clients} concurrent clients; HTTP = API on Kestrel → Orleans ({(stack.ApiHostsSilo ? "silo in the API process" : "client → gateway of a separate silo, loopback TCP")}) → search grain → PostgreSQL; SQL = CatalogSearchGrain.BuildCommand's command on Npgsql, {options.Clients} connections");
            Console.WriteLine();
            Console.WriteLine("| query | requests | HTTP p50 / p95 | SQL p50 / p95 | ratio p50 / p95 | p95 < 20 ms | ratios ≤ 2 |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var r in results)
                Console.WriteLine(
                    $"| {r.Name} | {r.Http.Count} | {P(r.Http, 50):F1} / {P(r.Http, 95):F1} ms | {P(r.Sql, 50):F1} / {P(r.Sql, 95):F1} ms " +
                    $"| {P(r.Http, 50) / P(r.Sql, 50):F2} / {P(r.Http, 95) / P(r.Sql, 95):F2} | {(P(r.Http, 95) < TargetP95Ms ? "met" : "missed")} " +
                    $"| {(Math.Max(P(r.Http, 50) / P(r.Sql, 50), P(r.Http, 95) / P(r.Sql, 95)) <= TargetRatio ? "met" : "missed")} |");
            Console.WriteLine();
            foreach (var r in results)
                Console.WriteLine($"{r.Name}: GC during HTTP {r.HttpGc.Describe(r.Http.Count)}; during SQL {r.SqlGc.Describe(r.Sql.Count)}");
            foreach (var r in results.Where(r => r.Note is not null))
                Console.WriteLine($"{r.Name}: {r.Note}");
            Console.WriteLine($"total wall time {clock.Elapsed.TotalSeconds:F0} s");
            return 0;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"benchmark failed: {e}");
            return 1;
        }
        finally
        {
            if (stack is not null)
            {
                Log("stopping");
                await stack.DisposeAsync();
            }
        }
    }

    /// <summary>Seeds unless the (kept) database already holds exactly this catalog.</summary>
    private static async Task<string> SeedIfNeededAsync(DiscoveryStack stack, Options options, Action<string> log, CancellationToken cancel)
    {
        await using var count = stack.Database.CreateCommand("SELECT (SELECT count(*) FROM catalog), (SELECT count(*) FROM storefronts)");
        await using (var reader = await count.ExecuteReaderAsync(cancel))
        {
            await reader.ReadAsync(cancel);
            var (products, tenants) = (reader.GetInt64(0), reader.GetInt64(1));
            if (products == options.Products && tenants == options.Tenants)
                return $"{products} products, {tenants} storefronts, reused from {options.Keep}";
            if (products != 0 || tenants != 0)
                throw new InvalidOperationException($"{options.Keep} holds {products} products and {tenants} storefronts, not {options.Products} and {options.Tenants}: use another --keep folder.");
        }
        log($"seeding {options.Tenants} storefronts and {options.Products} products");
        var report = await CatalogSeed.RunAsync(stack.Grains, stack.Database, new SeedOptions(options.Products, options.Tenants, options.Seed), line => log(line.Trim()), cancel);
        return $"{report.Products} products, {report.Tenants} storefronts, seeded in this run: storefronts {report.TenantTime.TotalSeconds:F1} s through the grains, " +
               $"products {report.ProductTime.TotalSeconds:F1} s ({report.ProductsPerSecond:F0} rows/s, binary COPY) at load average {BenchMachine.LoadAverage()}";
    }

    /// <summary>
    /// Reads the catalog and catalog_terms, their TOAST tables and all their indexes into shared buffers, as a server
    /// that has been answering discovery for a while holds them; both sides are then measured warm.
    /// </summary>
    private static async Task<string> PrewarmAsync(NpgsqlDataSource database, Action<string> log, CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        await using (var extension = database.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
            await extension.ExecuteNonQueryAsync(cancel);
        await using var prewarm = database.CreateCommand("""
            WITH tables AS (
                SELECT oid FROM pg_class WHERE oid IN ('catalog'::regclass, 'catalog_terms'::regclass)
                UNION ALL
                SELECT reltoastrelid FROM pg_class WHERE oid IN ('catalog'::regclass, 'catalog_terms'::regclass) AND reltoastrelid <> 0
            ), relations AS (
                SELECT oid FROM tables
                UNION ALL
                SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM tables)
            )
            SELECT sum(pg_prewarm(oid))::bigint FROM relations
            """);
        prewarm.CommandTimeout = 600;
        var pages = (long)(await prewarm.ExecuteScalarAsync(cancel))!;
        var line = $"prewarmed {pages} pages ({pages * 8 / 1024} MiB) of the catalog and catalog_terms, their TOAST tables and indexes into shared buffers in {watch.Elapsed.TotalSeconds:F1} s";
        log(line);
        return line;
    }

    private static async Task<string> PostgresSettingsAsync(NpgsqlDataSource database, CancellationToken cancel)
    {
        await using var command = database.CreateCommand("""
            SELECT format('%s, fsync %s, synchronous_commit %s, shared_buffers %s, work_mem %s, effective_cache_size %s, jit %s',
                          current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'),
                          current_setting('shared_buffers'), current_setting('work_mem'), current_setting('effective_cache_size'), current_setting('jit'))
            """);
        return (string)(await command.ExecuteScalarAsync(cancel))!;
    }

    /// <summary>
    /// A session is a run of queries one client makes in order; each query after the first may take
    /// the previous page's cursor. A plain query is a session of one; a deep walk is 50 pages.
    /// </summary>
    private sealed record Session(CatalogQuery First, int Pages);

    private sealed record Scenario(string Name, Func<Random, Session> Next, int Sessions);

    private sealed record Result(string Name, List<double> Http, List<double> Sql, GcDuring HttpGc, GcDuring SqlGc, string? Note);

    /// <summary>
    /// What this process allocated, and its GC's collections and pause time, while one side ran: API,
    /// silo, benchmark client and Npgsql share the process, so a pause stalls every request in flight.
    /// </summary>
    private sealed record GcDuring(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcDuring Now() =>
            new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public GcDuring Since(GcDuring start) =>
            new(Allocated - start.Allocated, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Paused - start.Paused);

        public string Describe(int requests) =>
            $"{Allocated / 1024.0 / requests:F0} KiB allocated per request, {Gen0}/{Gen1}/{Gen2} collections (gen 0/1/2), paused {Paused.TotalMilliseconds:F0} ms";
    }

    /// <summary>The three queries, each varied per request from the seeded vocabulary.</summary>
    private static IEnumerable<Scenario> Scenarios(Options options)
    {
        var categories = Categories.All;
        yield return new Scenario("(a) q + category + price range, relevance", random =>
        {
            var q = random.Next(2) == 0 ? Pick(random, SeedVocabulary.Nouns) : Pick(random, SeedVocabulary.Adjectives);
            var min = (random.Next(20) + 1) * 100 - 1;
            var max = min + (random.Next(10) + 1) * 1000;
            return new Session(Query(q: q, category: Pick(random, categories), minPrice: min, maxPrice: max, sort: CatalogSorts.Relevance), 1);
        }, options.Requests);
        yield return new Scenario($"(b) tags + price_asc, {WalkPages} pages by cursor", random =>
            new Session(Query(tags: SeedVocabulary.Tags[random.Next(40)], sort: CatalogSorts.PriceAsc), WalkPages),
            Math.Max(options.Requests / WalkPages, options.Clients));
        yield return new Scenario("(c) trending, first page", random =>
            // One in three without a filter; the rest in a category, so one cached page is not all that is measured.
            new Session(Query(category: random.Next(3) == 0 ? null : Pick(random, categories), sort: CatalogSorts.Trending), 1),
            options.Requests);
    }

    private static CatalogQuery Query(string? q = null, string? category = null, string? tags = null, long? minPrice = null, long? maxPrice = null, string? sort = null) =>
        new(null, q, category, tags, minPrice?.ToString(CultureInfo.InvariantCulture), maxPrice?.ToString(CultureInfo.InvariantCulture), null, sort, null, null);

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>
    /// The two sides of every figure: HTTP through the API, and the same query's SQL as the search
    /// grain builds it, on the connections the silo makes (ClaroDatabase), so both run the same
    /// prepared statements.
    /// </summary>
    private sealed class Sides(DiscoveryStack stack, int clients, CancellationToken cancel) : IAsyncDisposable
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(stack.ApiUrl) };
        private readonly CatalogCursor _cursors = new(stack.Settings);
        private readonly NpgsqlDataSource _sql = new NpgsqlDataSourceBuilder(ClaroDatabase.ConnectionString(stack.Settings.Database) + ";Maximum Pool Size=" + clients).Build();

        public async Task<string?> Http(CatalogQuery query)
        {
            using var response = await _http.GetAsync(Url(query), HttpCompletionOption.ResponseHeadersRead, cancel);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{Url(query)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
            await using var body = await response.Content.ReadAsStreamAsync(cancel);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancel);
            return json.RootElement.GetProperty("nextCursor").GetString();
        }

        public async Task<string?> Sql(CatalogQuery query)
        {
            await using var search = CatalogSearchGrain.BuildCommand(_sql, _cursors, query);
            return (await CatalogSearchGrain.ReadPageAsync(search, _cursors)).NextCursor;
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _sql.DisposeAsync();
        }
    }

    /// <summary>
    /// Requests of all three kinds on both sides (seed 7, never the measured ones) for
    /// <see cref="Options.WarmupSeconds"/>: tiered compilation has the hot paths optimised before the
    /// first figure, not during it.
    /// </summary>
    private static async Task WarmUpAsync(IReadOnlyList<Scenario> scenarios, Sides sides, Options options, Action<string> log, CancellationToken cancel)
    {
        log($"warm-up: {options.WarmupSeconds} s of all three queries, both sides");
        var clock = Stopwatch.StartNew();
        var warmups = scenarios.Select(s => WarmupSessions(s, options)).ToList();
        while (clock.Elapsed.TotalSeconds < options.WarmupSeconds)
            foreach (var warmup in warmups)
            {
                await RunAsync(warmup, sides.Http, options.Clients, cancel);
                await RunAsync(warmup, sides.Sql, options.Clients, cancel);
            }
    }

    /// <summary>
    /// Warm-up, then the HTTP side and the SQL side over the same sessions (same random seed), each
    /// at <see cref="Options.Clients"/> concurrent clients, every request timed on its own. Both sides
    /// run the measured sessions once untimed first: otherwise the side measured first pays for
    /// bringing those queries' pages into memory and the other reads them warm.
    /// </summary>
    private static async Task<Result> MeasureAsync(Scenario scenario, Sides sides, Options options, Action<string> log, CancellationToken cancel)
    {
        var sessions = Sessions(scenario, scenario.Sessions, seed: 42);
        var warmup = WarmupSessions(scenario, options);

        log($"{scenario.Name}: warm-up, then the measured sessions once untimed on both sides");
        await RunAsync(warmup, sides.Http, options.Clients, cancel);
        await RunAsync(warmup, sides.Sql, options.Clients, cancel);
        await RunAsync(sessions, sides.Http, options.Clients, cancel);
        await RunAsync(sessions, sides.Sql, options.Clients, cancel);
        log($"{scenario.Name}: HTTP, {sessions.Count} sessions");
        var (httpTimes, httpShort, httpGc) = await RunAsync(sessions, sides.Http, options.Clients, cancel);
        log($"{scenario.Name}: SQL, {sessions.Count} sessions");
        var (sqlTimes, sqlShort, sqlGc) = await RunAsync(sessions, sides.Sql, options.Clients, cancel);
        log($"{scenario.Name}: HTTP p50/p95 {P(httpTimes, 50):F1}/{P(httpTimes, 95):F1} ms, SQL {P(sqlTimes, 50):F1}/{P(sqlTimes, 95):F1} ms");
        var note = httpShort + sqlShort > 0 ? $"{httpShort} HTTP and {sqlShort} SQL walks ended before page {WalkPages} (no next cursor)" : null;
        return new Result(scenario.Name, httpTimes, sqlTimes, httpGc, sqlGc, note);
    }

    /// <summary>Requests of the scenario's kind that are never measured (seed 7): a tenth as many as measured.</summary>
    private static List<Session> WarmupSessions(Scenario scenario, Options options) =>
        Sessions(scenario, Math.Max(scenario.Sessions / 10, options.Clients), seed: 7);

    private static List<Session> Sessions(Scenario scenario, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => scenario.Next(random)).ToList();
    }

    /// <summary>
    /// Clients take sessions from a shared queue; answers the time of every request, how many walks
    /// ended early, and the process's allocation and GC meanwhile.
    /// </summary>
    private static async Task<(List<double> Times, int EndedEarly, GcDuring Gc)> RunAsync(
        IReadOnlyList<Session> sessions, Func<CatalogQuery, Task<string?>> call, int clients, CancellationToken cancel)
    {
        var gc = GcDuring.Now();
        var queue = new ConcurrentQueue<Session>(sessions);
        var times = new ConcurrentBag<double>();
        var endedEarly = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!cancel.IsCancellationRequested && queue.TryDequeue(out var session))
            {
                var query = session.First;
                for (var page = 0; page < session.Pages; page++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var next = await call(query);
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (next is null)
                    {
                        if (page < session.Pages - 1)
                            Interlocked.Increment(ref endedEarly);
                        break;
                    }
                    query = query with { Cursor = next };
                }
            }
        }, cancel)));
        cancel.ThrowIfCancellationRequested();
        return (times.ToList(), endedEarly, GcDuring.Now().Since(gc));
    }

    private static string Url(CatalogQuery query)
    {
        var parameters = new (string Name, string? Value)[]
        {
            ("q", query.Q), ("category", query.Category), ("tags", query.Tags), ("minPrice", query.MinPrice),
            ("maxPrice", query.MaxPrice), ("sort", query.Sort), ("cursor", query.Cursor),
        };
        return "/api/products?" + string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
    }

    /// <summary>Nearest-rank percentile, in milliseconds.</summary>
    private static double P(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private sealed record Options(int Products, int Tenants, int Seed, string? Keep, int Requests, int Clients, bool ApiHostsSilo, string? SharedBuffers = null, int WarmupSeconds = 30)
    {
        public static Options? Parse(string[] args)
        {
            var options = new Options(1_000_000, 5_000, 1, null, 8000, 8, ApiHostsSilo: true);
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : null;
                int Number() => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n : throw new FormatException($"{args[i]} needs a positive whole number");
                try
                {
                    options = args[i] switch
                    {
                        "--products" => options with { Products = Number() },
                        "--tenants" => options with { Tenants = Number() },
                        "--seed" => options with { Seed = Number() },
                        "--requests" => options with { Requests = Number() },
                        "--clients" => options with { Clients = Number() },
                        "--warmup-seconds" => options with { WarmupSeconds = Number() },
                        "--api-hosts-silo" => options with { ApiHostsSilo = value is "1" ? true : value is "0" ? false : throw new FormatException("--api-hosts-silo needs 0 or 1") },
                        "--keep" => options with { Keep = value ?? throw new FormatException("--keep needs a folder") },
                        "--shared-buffers" => options with { SharedBuffers = value is not null && SizeSetting().IsMatch(value) ? value : throw new FormatException("--shared-buffers needs a size such as 6GB") },
                        "--help" or "-h" => throw new FormatException("Claro's discovery benchmark."),
                        _ => throw new FormatException($"unknown option {args[i]}"),
                    };
                    i++;
                }
                catch (FormatException e)
                {
                    Console.Error.WriteLine($"""
                        {e.Message}
                        usage: dotnet run -c Release --project bench/Claro.DiscoveryBench -- [--products N] [--tenants M] [--seed S] [--keep DIR] [--requests R] [--clients C] [--warmup-seconds S] [--api-hosts-silo 0|1] [--shared-buffers SIZE]
                          --products/--tenants  the seeded catalog (1000000 / 5000)
                          --keep DIR            keep PostgreSQL's data in DIR and reuse its catalog next time (seeded on the first run)
                          --requests R          timed requests per query kind and side (8000); --clients C concurrent clients (8)
                          --warmup-seconds S    all three queries on both sides for S seconds before the first is measured (30)
                          --api-hosts-silo 0|1  1, the default: the API runs the silo in its own process, as deployed by default; 0: a separate silo, the API its client (CLARO_API_HOSTS_SILO=false)
                          --shared-buffers SIZE PostgreSQL's shared_buffers (e.g. 6GB; default 128MB), and the catalog prewarmed into them before measuring
                        """);
                    return null;
                }
            }
            return options;
        }
    }
}
