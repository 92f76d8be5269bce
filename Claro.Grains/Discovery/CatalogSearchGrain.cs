using System.Globalization;
using System.Text;
using Claro.Catalog;
using Claro.Platform;
using Claro.Tenants;
using Npgsql;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Claro.Discovery;

[StatelessWorker(Workers.IoBound)]
public sealed class CatalogSearchGrain(NpgsqlDataSource database, ClaroSettings settings) : Grain, ICatalogSearchGrain
{
    public const int DefaultLimit = Paging.DefaultLimit;
    public const int MaxLimit = Paging.MaxLimit;
    public const int MaxQueryLength = 200;
    public const string SearchTimeoutCode = "search_timeout";

    /// <summary>Marketplace discovery: public products of active tenants. Each partial index repeats this predicate.</summary>
    private const string Marketplace = "visibility = 'public' AND tenant_active";

    private readonly CatalogCursor _cursors = new(settings);

    /// <summary>
    /// A search of several frequent words ranks every match (README, "Discovery"), so one query's
    /// time grows with the catalog: past <see cref="ClaroSettings.SearchTimeoutSeconds"/> Npgsql
    /// cancels it in PostgreSQL and the caller gets 503 instead of a connection held for as long as
    /// it takes.
    /// </summary>
    public async Task<CatalogPage> SearchAsync(CatalogQuery query)
    {
        await using var search = BuildCommand(database, _cursors, query);
        search.Command.CommandTimeout = settings.SearchTimeoutSeconds;
        try
        {
            return await ReadPageAsync(search, _cursors);
        }
        catch (NpgsqlException e) when (e.InnerException is TimeoutException)
        {
            throw new UnavailableException(SearchTimeoutCode,
                $"The search took longer than {settings.SearchTimeoutSeconds} s and was stopped. Narrow it with a category or a price range.");
        }
    }

    /// <summary>
    /// One page's query, built but not run: the command (text and parameters) the grain executes, and
    /// what reading its rows needs. Public so that the discovery benchmark runs exactly this SQL.
    /// Validates the query first (400 naming the field).
    /// </summary>
    public sealed record SearchCommand(NpgsqlCommand Command, CatalogSort Sort, int Limit, string Fingerprint) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Command.DisposeAsync();
    }

    public static SearchCommand BuildCommand(NpgsqlDataSource database, CatalogCursor cursors, CatalogQuery query)
    {
        var (filter, sort, limit) = Validate(query);
        var fingerprint = CatalogCursor.Fingerprint(
            filter.StorefrontTenantId is null ? "marketplace" : "storefront:" + filter.StorefrontTenantId,
            filter.Q, filter.Category, string.Join(',', filter.Tags.Order(StringComparer.Ordinal)),
            filter.MinPrice?.ToString(CultureInfo.InvariantCulture), filter.MaxPrice?.ToString(CultureInfo.InvariantCulture),
            filter.TenantSlug, sort.Name);
        CatalogCursor.Position? after = string.IsNullOrEmpty(query.Cursor) ? null : cursors.Decode(query.Cursor, fingerprint);
        var afterKey = after is { } cursor ? sort.KeyParameter(cursor.Key) : null;

        var command = database.CreateCommand();
        // Two steps: the page's ids in order (filters, keyset, sort: an index-only scan where a
        // covering index has every column the filters name), then the rows shown for just those ids.
        var sql = new StringBuilder();
        var oneWord = IsOneWordMarketplaceSearch(filter, sort);
        if (oneWord)
        {
            // catalog_terms (0014, 0015) lists the marketplace's products under each lexeme and
            // category in relevance order: the one word's lexeme, read until the page is full.
            sort = CatalogSort.RelevanceOfOneLexeme;
            sql.Append($"""
                SELECT {sort.KeySql} AS sort_key, product_id
                  FROM catalog_terms
                 WHERE lexeme = (tsvector_to_array(to_tsvector('english'::regconfig, @q)))[1]
                """);
            command.Parameters.AddWithValue("q", filter.Q!);
            if (filter.Category is null)
                sql.Append("\n   AND category = listed.category");
        }
        else
        {
            sql.Append($"""
                SELECT {sort.KeySql} AS sort_key, product_id
                  FROM catalog
                """);
            if (filter.Q is not null)
            {
                sql.Append(", websearch_to_tsquery('english'::regconfig, @q) AS query");
                command.Parameters.AddWithValue("q", filter.Q);
            }
            if (filter.StorefrontTenantId is { } tenantId)
            {
                sql.Append("\n WHERE tenant_id = @tenant_id AND visibility IN ('public', 'private') AND tenant_active");
                command.Parameters.AddWithValue("tenant_id", tenantId);
            }
            else
            {
                sql.Append("\n WHERE ").Append(Marketplace);
            }
            if (filter.Q is not null)
                sql.Append("\n   AND search @@ query");
        }
        if (filter.Category is not null)
        {
            sql.Append("\n   AND category = @category");
            command.Parameters.AddWithValue("category", filter.Category);
        }
        if (filter.Tags.Count > 0)
        {
            sql.Append("\n   AND tags @> @tags");
            command.Parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.Tags.ToArray() });
        }
        if (filter.MinPrice is { } min)
        {
            sql.Append("\n   AND price_amount >= @min_price");
            command.Parameters.AddWithValue("min_price", min);
        }
        if (filter.MaxPrice is { } max)
        {
            sql.Append("\n   AND price_amount <= @max_price");
            command.Parameters.AddWithValue("max_price", max);
        }
        if (filter.TenantSlug is not null)
        {
            sql.Append("\n   AND tenant_slug = @tenant_slug");
            command.Parameters.AddWithValue("tenant_slug", filter.TenantSlug);
        }
        if (after is { } position)
        {
            sql.Append("\n   AND ").Append(sort.After);
            command.Parameters.Add(afterKey!);
            command.Parameters.AddWithValue("after_id", position.ProductId);
        }
        sql.Append("\n ORDER BY ").Append(sort.OrderBy).Append("\n LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit + 1);
        if (oneWord && filter.Category is null)
        {
            // In no category: each category's first entries (every category with listed products
            // has a row in catalog_category_counts), merged into one page.
            sql.Insert(0, "SELECT page.sort_key, page.product_id\n  FROM catalog_category_counts AS listed\n CROSS JOIN LATERAL (\n")
               .Append($"\n) AS page\n ORDER BY {sort.PageOrderBy}\n LIMIT @limit");
        }
        command.CommandText = $"""
            SELECT page.sort_key, c.product_id, c.tenant_id, c.tenant_slug, c.slug, c.title, c.price_amount, c.currency,
                   c.category, c.tags, c.visibility, c.created_at, c.sales_count, c.rating_sum, c.rating_count
              FROM ({sql}) AS page
              JOIN catalog AS c ON c.product_id = page.product_id
             ORDER BY {sort.PageOrderBy}
            """;

        return new SearchCommand(command, sort, limit, fingerprint);
    }

    /// <summary>
    /// A marketplace search by relevance for one word of ASCII letters and digits, which parses
    /// to at most one lexeme, filtered by nothing catalog_terms does not hold (category, price).
    /// </summary>
    private static bool IsOneWordMarketplaceSearch(Filter filter, CatalogSort sort) =>
        sort == CatalogSort.Relevance
        && filter is { StorefrontTenantId: null, Tags.Count: 0, TenantSlug: null, Q: { } q }
        && q.All(char.IsAsciiLetterOrDigit);

    /// <summary>Runs a built command: its page of items, and a cursor after the last when more follow.</summary>
    public static async Task<CatalogPage> ReadPageAsync(SearchCommand search, CatalogCursor cursors)
    {
        var (command, sort, limit, fingerprint) = search;
        var items = new List<CatalogItem>(limit);
        string? lastKey = null;
        var hasMore = false;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (items.Count == limit)
                {
                    hasMore = true;
                    break;
                }
                lastKey = sort.ReadKey(reader);
                items.Add(ReadItem(reader));
            }
        }
        var next = hasMore ? cursors.Encode(fingerprint, new CatalogCursor.Position(lastKey!, items[^1].ProductId)) : null;
        return new CatalogPage(items, next);
    }

    public async Task<IReadOnlyList<CategoryCount>> GetCategoriesAsync()
    {
        // Kept by a trigger on every catalog write (0005_catalog.sql): ten rows, never a COUNT.
        await using var command = database.CreateCommand("SELECT category, public_products FROM catalog_category_counts");
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return Categories.All.Select(c => new CategoryCount(c, counts.GetValueOrDefault(c))).ToList();
    }

    private static CatalogItem ReadItem(NpgsqlDataReader row)
    {
        var ratingCount = row.GetInt64(14);
        return new CatalogItem(
            row.GetString(1), row.GetString(4), row.GetString(5),
            new Money(row.GetInt64(6), row.GetString(7)),
            row.GetString(8), row.GetFieldValue<string[]>(9),
            new CatalogCreator(row.GetString(2), row.GetString(3)),
            row.GetString(10),
            new DateTimeOffset(row.GetFieldValue<DateTime>(11), TimeSpan.Zero),
            row.GetInt64(12),
            new CatalogRating(ratingCount == 0 ? null : (double)row.GetInt64(13) / ratingCount, ratingCount));
    }

    private sealed record Filter(
        string? StorefrontTenantId, string? Q, string? Category, IReadOnlyList<string> Tags,
        long? MinPrice, long? MaxPrice, string? TenantSlug);

    /// <summary>Every parameter checked, all problems named in one 400.</summary>
    private static (Filter Filter, CatalogSort Sort, int Limit) Validate(CatalogQuery query)
    {
        var errors = new FieldErrors();

        var q = Blank(query.Q) ? null : query.Q!.Trim();
        if (q is { Length: > MaxQueryLength })
            errors.Add("q", $"At most {MaxQueryLength} characters.");

        var category = Blank(query.Category) ? null : query.Category!.Trim().ToLowerInvariant();
        if (category is not null)
            errors.Add("category", ProductRules.CategoryProblem(category));

        IReadOnlyList<string> tags = [];
        if (!Blank(query.Tags))
        {
            var (normalised, problems) = ProductRules.NormaliseTags(query.Tags!.Split(','));
            errors.Add("tags", problems);
            tags = normalised;
        }

        var minPrice = Price(query.MinPrice, "minPrice", errors);
        var maxPrice = Price(query.MaxPrice, "maxPrice", errors);
        if (minPrice > maxPrice)
            errors.Add("minPrice", "Must not be greater than maxPrice.");

        string? tenantSlug = null;
        if (query.StorefrontTenantId is null && !Blank(query.Tenant))
        {
            tenantSlug = query.Tenant!.Trim().ToLowerInvariant();
            errors.Add("tenant", TenantSlug.Problem(tenantSlug));
        }

        var sortName = Blank(query.Sort) ? (q is null ? CatalogSorts.Newest : CatalogSorts.Relevance) : query.Sort!.Trim().ToLowerInvariant();
        CatalogSort? sort = null;
        if (!CatalogSort.ByName.TryGetValue(sortName, out sort))
            errors.Add("sort", $"Must be one of: {string.Join(", ", CatalogSorts.All)}.");
        else if (sort == CatalogSort.Relevance && q is null)
            errors.Add("sort", "relevance needs a search text in q.");

        if (!Paging.TryParse(query.Limit, out var limit))
            errors.Add("limit", Paging.LimitRule);

        errors.ThrowIfAny();
        return (new Filter(query.StorefrontTenantId, q, category, tags, minPrice, maxPrice, tenantSlug), sort!, limit);
    }

    private static long? Price(string? value, string field, FieldErrors errors)
    {
        if (Blank(value))
            return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            return amount;
        errors.Add(field, "A whole, non-negative amount in minor units (e.g. 1999 for 19.99).");
        return null;
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}
