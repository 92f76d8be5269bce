using System.Globalization;
using Claro.Discovery;
using Claro.Platform;
using Npgsql;
using Orleans.Concurrency;

namespace Claro.Tenants;

[StatelessWorker(Workers.IoBound)]
public sealed class StorefrontDirectoryGrain(NpgsqlDataSource database, ClaroSettings settings) : Grain, IStorefrontDirectoryGrain
{
    private const string Fingerprint = "storefronts.newest";

    private readonly CatalogCursor _cursors = new(settings);

    public async Task<StorefrontPage> ListAsync(string? cursor, int limit)
    {
        Paging.Check(limit);
        CatalogCursor.Position? after = cursor is null ? null : _cursors.Decode(cursor, Fingerprint);
        long? afterTicks = null;
        if (after is { } position)
            afterTicks = long.TryParse(position.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? ticks
                : throw new ValidationException("cursor", "Not a cursor this list gave out.");

        await using var command = database.CreateCommand("""
            SELECT tenant_id, slug, name, description, tagline, created_at
              FROM storefronts
             WHERE active AND (@after_at::timestamptz IS NULL OR (created_at, tenant_id) < (@after_at, @after_id))
             ORDER BY created_at DESC, tenant_id DESC
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("after_at", afterTicks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : DBNull.Value);
        command.Parameters.AddWithValue("after_id", (object?)after?.ProductId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit + 1);

        var items = new List<StorefrontListing>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            items.Add(new StorefrontListing(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }
        string? next = null;
        if (items.Count > limit)
        {
            var last = items[limit - 1];
            next = _cursors.Encode(Fingerprint, new CatalogCursor.Position(
                last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), last.TenantId));
        }
        return new StorefrontPage(items.Take(limit).ToList(), next);
    }
}
