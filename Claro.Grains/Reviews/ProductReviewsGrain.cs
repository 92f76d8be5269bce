using System.Globalization;
using Claro.Accounts;
using Claro.Catalog;
using Claro.Discovery;
using Claro.Library;
using Claro.Platform;
using Npgsql;

namespace Claro.Reviews;

/// <summary>
/// Holds no state of its own: the <c>reviews</c> table and the rating columns of the product's
/// catalog row are its state, and it is their only writer for this product.
/// </summary>
public sealed class ProductReviewsGrain(NpgsqlDataSource database, ClaroSettings settings, TimeProvider clock)
    : Grain, IProductReviewsGrain
{
    private const string Columns = "review_id, product_id, rating, body, buyer_name, created_at, updated_at";

    private readonly CatalogCursor _cursors = new(settings);

    private string TenantId => TenantKey.TenantOf(this.GetPrimaryKeyString());
    private string ProductId => TenantKey.IdOf(this.GetPrimaryKeyString());

    /// <summary>Binds a cursor to this product's list, so it cannot page another product's.</summary>
    private string Fingerprint => CatalogCursor.Fingerprint("reviews.newest", ProductId);

    public async Task<Review> AddAsync(ReviewDraft draft)
    {
        var buyerId = Caller.Required.UserId;
        var (rating, body) = Validate(draft);
        await RequirePurchaseAsync(buyerId);
        var buyerName = await DisplayNameAsync(buyerId);
        var now = clock.GetUtcNow();

        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO reviews (product_id, buyer_id, review_id, tenant_id, rating, body, buyer_name, created_at, updated_at)
            VALUES (@product_id, @buyer_id, @review_id, @tenant_id, @rating, @body, @buyer_name, @now, @now)
            ON CONFLICT (product_id, buyer_id) DO NOTHING
            RETURNING {Columns}
            """, connection, transaction);
        insert.Parameters.AddWithValue("product_id", ProductId);
        insert.Parameters.AddWithValue("buyer_id", buyerId);
        insert.Parameters.AddWithValue("review_id", "r_" + Guid.NewGuid().ToString("N"));
        insert.Parameters.AddWithValue("tenant_id", TenantId);
        insert.Parameters.AddWithValue("rating", rating);
        insert.Parameters.AddWithValue("body", body);
        insert.Parameters.AddWithValue("buyer_name", (object?)buyerName ?? DBNull.Value);
        insert.Parameters.AddWithValue("now", now);
        var review = await ReadOneAsync(insert)
            ?? throw new ConflictException("review_exists", "You have already reviewed this product; edit your review instead.");
        await MoveRatingAsync(connection, transaction, rating, 1);
        await transaction.CommitAsync();
        return review;
    }

    public async Task<Review> EditMineAsync(ReviewDraft draft)
    {
        var buyerId = Caller.Required.UserId;
        var (rating, body) = Validate(draft);
        await RequirePurchaseAsync(buyerId);

        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        int oldRating;
        await using (var current = new NpgsqlCommand(
            "SELECT rating FROM reviews WHERE product_id = @product_id AND buyer_id = @buyer_id FOR UPDATE", connection, transaction))
        {
            current.Parameters.AddWithValue("product_id", ProductId);
            current.Parameters.AddWithValue("buyer_id", buyerId);
            oldRating = await current.ExecuteScalarAsync() is int found ? found : throw new NotFoundException();
        }
        await using var update = new NpgsqlCommand($"""
            UPDATE reviews SET rating = @rating, body = @body, updated_at = @now
             WHERE product_id = @product_id AND buyer_id = @buyer_id
            RETURNING {Columns}
            """, connection, transaction);
        update.Parameters.AddWithValue("product_id", ProductId);
        update.Parameters.AddWithValue("buyer_id", buyerId);
        update.Parameters.AddWithValue("rating", rating);
        update.Parameters.AddWithValue("body", body);
        update.Parameters.AddWithValue("now", clock.GetUtcNow());
        var review = await ReadOneAsync(update) ?? throw new NotFoundException();
        await MoveRatingAsync(connection, transaction, rating - oldRating, 0);
        await transaction.CommitAsync();
        return review;
    }

    public async Task<Review> GetMineAsync()
    {
        await using var command = database.CreateCommand(
            $"SELECT {Columns} FROM reviews WHERE product_id = @product_id AND buyer_id = @buyer_id");
        command.Parameters.AddWithValue("product_id", ProductId);
        command.Parameters.AddWithValue("buyer_id", Caller.Required.UserId);
        return await ReadOneAsync(command) ?? throw new NotFoundException();
    }

    public async Task<ReviewPage> ListAsync(string? cursor, string? limit)
    {
        // First, so a hidden product answers the same 404 whatever the parameters.
        if (!await Product.IsOnSaleAsync())
            throw new NotFoundException();
        var size = Paging.Parse(limit);

        await using var command = database.CreateCommand();
        var sql = $"SELECT {Columns} FROM reviews WHERE product_id = @product_id";
        command.Parameters.AddWithValue("product_id", ProductId);
        if (!string.IsNullOrEmpty(cursor))
        {
            var (createdAt, reviewId) = Decode(cursor);
            sql += " AND (created_at, review_id) < (@after_at, @after_id)";
            command.Parameters.AddWithValue("after_at", createdAt);
            command.Parameters.AddWithValue("after_id", reviewId);
        }
        command.CommandText = sql + " ORDER BY created_at DESC, review_id DESC LIMIT @limit";
        command.Parameters.AddWithValue("limit", size + 1);

        var items = new List<Review>(size + 1);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                items.Add(ReadReview(reader));
        }
        return items.Count <= size ? new ReviewPage(items, null) : new ReviewPage(items[..size], Encode(items[size - 1]));
    }

    /// <summary>The discovery cursor's format and key; its position is the last review's time (exact ticks) and id.</summary>
    private string Encode(Review last) => _cursors.Encode(Fingerprint, new CatalogCursor.Position(
        last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), last.ReviewId));

    private (DateTimeOffset CreatedAt, string ReviewId) Decode(string cursor)
    {
        var position = _cursors.Decode(cursor, Fingerprint);
        return long.TryParse(position.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? (new DateTimeOffset(ticks, TimeSpan.Zero), position.ProductId)
            : throw new ValidationException("cursor", "Not a cursor this list gave out.");
    }

    private IProductGrain Product => GrainFactory.GetGrain<IProductGrain>(this.GetPrimaryKeyString());

    /// <summary>
    /// The purchase check: a live entitlement in the buyer's library to this product of this tenant,
    /// and a product still on its storefront. Anything else is the not-found a missing product gives.
    /// </summary>
    private async Task RequirePurchaseAsync(string buyerId)
    {
        var entitlement = await GrainFactory.GetGrain<IBuyerLibraryGrain>(buyerId).RequireLiveAsync(ProductId);
        if (entitlement.TenantId != TenantId || !await Product.IsOnSaleAsync())
            throw new NotFoundException();
    }

    private async Task<string?> DisplayNameAsync(string buyerId)
    {
        try
        {
            var name = (await GrainFactory.GetGrain<IAccountGrain>(buyerId).GetProfileAsync()).DisplayName;
            return string.IsNullOrWhiteSpace(name) ? null : name;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Moves the catalog row's aggregate inside the review's transaction; no row means no review.</summary>
    private async Task MoveRatingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int sum, int count)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE catalog SET rating_sum = rating_sum + @sum, rating_count = rating_count + @count
             WHERE product_id = @product_id AND tenant_id = @tenant_id
            """, connection, transaction);
        command.Parameters.AddWithValue("sum", (long)sum);
        command.Parameters.AddWithValue("count", (long)count);
        command.Parameters.AddWithValue("product_id", ProductId);
        command.Parameters.AddWithValue("tenant_id", TenantId);
        if (await command.ExecuteNonQueryAsync() != 1)
            throw new InvalidOperationException($"Product {ProductId} has no catalog row to rate; the review was not stored.");
    }

    private static (int Rating, string Body) Validate(ReviewDraft draft)
    {
        var errors = new FieldErrors();
        if (draft.Rating is not (>= ReviewRules.MinRating and <= ReviewRules.MaxRating))
            errors.Add("rating", $"Required: a whole number from {ReviewRules.MinRating} to {ReviewRules.MaxRating}.");
        var body = draft.Body ?? "";
        if (body.Length > ReviewRules.MaxBodyLength)
            errors.Add("body", $"At most {ReviewRules.MaxBodyLength} characters.");
        if (body.Contains('\0'))
            errors.Add("body", "Must not contain NUL characters.");
        errors.ThrowIfAny();
        return (draft.Rating!.Value, body);
    }

    private static async Task<Review?> ReadOneAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? ReadReview(reader) : null;
    }

    private static Review ReadReview(NpgsqlDataReader row) => new(
        row.GetString(0), row.GetString(1), row.GetInt32(2), row.GetString(3),
        row.IsDBNull(4) ? null : row.GetString(4),
        row.GetFieldValue<DateTimeOffset>(5), row.GetFieldValue<DateTimeOffset>(6));
}
