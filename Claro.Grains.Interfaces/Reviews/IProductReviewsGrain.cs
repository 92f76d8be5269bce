using Claro.Platform;
using Orleans.Concurrency;

namespace Claro.Reviews;

/// <summary>
/// The reviews of one product, keyed <see cref="TenantKey.For"/>(tenantId, productId). Not
/// reentrant: one product's review writes run one at a time, and each writes the review and the
/// catalog's rating aggregate in one transaction. The reviewer is the caller, never an argument.
/// </summary>
[Alias("claro.product-reviews")]
public interface IProductReviewsGrain : IGrainWithStringKey
{
    /// <summary>
    /// The caller's review. <see cref="NotFoundException"/> without a live entitlement to the product
    /// (the same answer as for a product that does not exist); 409 <c>review_exists</c> on a second one.
    /// </summary>
    [Alias("add"), Allow(Who.SignedIn)]
    Task<Review> AddAsync(ReviewDraft draft);

    /// <summary>Replaces the rating and body of the caller's review; not found when they have none.</summary>
    [Alias("edit-mine"), Allow(Who.SignedIn)]
    Task<Review> EditMineAsync(ReviewDraft draft);

    /// <summary>The caller's review, or not found.</summary>
    [Alias("get-mine"), Allow(Who.SignedIn), AlwaysInterleave]
    Task<Review> GetMineAsync();

    /// <summary>
    /// Newest first, while the product is on its storefront (public or private). <paramref name="cursor"/>
    /// is the <see cref="ReviewPage.NextCursor"/> of the page before; <paramref name="limit"/> is 1-50
    /// as the client wrote it. Reads only the table, so it may run beside a write.
    /// </summary>
    [Alias("list"), Allow(Who.Anyone), AlwaysInterleave]
    Task<ReviewPage> ListAsync(string? cursor, string? limit);
}

/// <summary>A review as submitted; the grain checks both fields (<see cref="ReviewRules"/>).</summary>
[GenerateSerializer, Immutable, Alias("claro.review-draft")]
public sealed record ReviewDraft(
    [property: Id(0)] int? Rating,
    [property: Id(1)] string? Body);

/// <summary>A review as anyone may read it. <see cref="Body"/> is plain text, to be shown escaped.</summary>
[GenerateSerializer, Immutable, Alias("claro.review")]
public sealed record Review(
    [property: Id(0)] string ReviewId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] int Rating,
    [property: Id(3)] string Body,
    [property: Id(4)] string? BuyerName,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("claro.review-page")]
public sealed record ReviewPage(
    [property: Id(0)] IReadOnlyList<Review> Items,
    [property: Id(1)] string? NextCursor);

public static class ReviewRules
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int MaxBodyLength = 5_000;
}
