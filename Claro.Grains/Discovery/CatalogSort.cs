using System.Globalization;
using Claro.Platform;
using Npgsql;
using NpgsqlTypes;

namespace Claro.Discovery;

/// <summary>
/// One keyset order of the catalog: a sort key and the product id as tie-breaker, both in the
/// same direction, so "after the cursor" is one row comparison the matching index answers.
/// </summary>
public sealed record CatalogSort(string Name, string KeySql, CatalogSort.KeyKind Kind, bool Descending)
{
    public enum KeyKind { Timestamp, Int64, Float64, Float32 }

    /// <summary>The rank of a full-text match; <c>query</c> is the parsed <c>q</c>. ts_rank_cd answers a real.</summary>
    public static readonly CatalogSort Relevance = new(CatalogSorts.Relevance, "ts_rank_cd(search, query)", KeyKind.Float32, true);

    /// <summary>The same order read from catalog_terms, whose <c>rank</c> holds that value for a one-lexeme query: same cursors.</summary>
    public static readonly CatalogSort RelevanceOfOneLexeme = Relevance with { KeySql = "rank" };

    public static readonly IReadOnlyDictionary<string, CatalogSort> ByName = new Dictionary<string, CatalogSort>
    {
        [CatalogSorts.Relevance] = Relevance,
        [CatalogSorts.Newest] = new(CatalogSorts.Newest, "created_at", KeyKind.Timestamp, true),
        [CatalogSorts.PriceAsc] = new(CatalogSorts.PriceAsc, "price_amount", KeyKind.Int64, false),
        [CatalogSorts.PriceDesc] = new(CatalogSorts.PriceDesc, "price_amount", KeyKind.Int64, true),
        [CatalogSorts.Trending] = new(CatalogSorts.Trending, "trending_score", KeyKind.Float64, true),
        [CatalogSorts.Bestseller] = new(CatalogSorts.Bestseller, "sales_count", KeyKind.Int64, true),
        [CatalogSorts.Rating] = new(CatalogSorts.Rating, "rating_avg", KeyKind.Float64, true),
    };

    public string OrderBy => Descending ? $"{KeySql} DESC, product_id DESC" : $"{KeySql}, product_id";

    /// <summary>The same order over a page already chosen, whose key is the column <c>sort_key</c>.</summary>
    public string PageOrderBy => Descending ? "page.sort_key DESC, page.product_id DESC" : "page.sort_key, page.product_id";

    public string After => $"({KeySql}, product_id) {(Descending ? "<" : ">")} (@after_key, @after_id)";

    /// <summary>The key of the row's first column, written exactly: floating point as its bits.</summary>
    public string ReadKey(NpgsqlDataReader row) => Kind switch
    {
        KeyKind.Timestamp => row.GetFieldValue<DateTime>(0).Ticks.ToString(CultureInfo.InvariantCulture),
        KeyKind.Int64 => row.GetInt64(0).ToString(CultureInfo.InvariantCulture),
        KeyKind.Float64 => BitConverter.DoubleToInt64Bits(row.GetDouble(0)).ToString(CultureInfo.InvariantCulture),
        KeyKind.Float32 => BitConverter.SingleToInt32Bits(row.GetFloat(0)).ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The cursor's key as a parameter of the key's own type, so the comparison is exact.</summary>
    public NpgsqlParameter KeyParameter(string key)
    {
        try
        {
            return Kind switch
            {
                KeyKind.Timestamp => new NpgsqlParameter("after_key", NpgsqlDbType.TimestampTz)
                    { Value = new DateTime(long.Parse(key, CultureInfo.InvariantCulture), DateTimeKind.Utc) },
                KeyKind.Int64 => new NpgsqlParameter("after_key", NpgsqlDbType.Bigint)
                    { Value = long.Parse(key, CultureInfo.InvariantCulture) },
                KeyKind.Float64 => new NpgsqlParameter("after_key", NpgsqlDbType.Double)
                    { Value = BitConverter.Int64BitsToDouble(long.Parse(key, CultureInfo.InvariantCulture)) },
                KeyKind.Float32 => new NpgsqlParameter("after_key", NpgsqlDbType.Real)
                    { Value = BitConverter.Int32BitsToSingle(int.Parse(key, CultureInfo.InvariantCulture)) },
                _ => throw new InvalidOperationException(),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            // Signed by us, so only a cursor of an older format gets here.
            throw new ValidationException("cursor", "Not a cursor this list gave out.");
        }
    }
}
