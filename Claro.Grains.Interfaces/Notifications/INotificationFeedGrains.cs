using Claro.Catalog;
using Claro.Platform;

namespace Claro.Notifications;

/// <summary>What happened to the buyer's orders (paid, refunded, disputed), newest first; keyed by buyer id.</summary>
[Alias("claro.buyer-notifications")]
public interface IBuyerNotificationsGrain : IGrainWithStringKey
{
    /// <summary><paramref name="cursor"/> is the <see cref="NotificationPage.NextCursor"/> of the page before.</summary>
    [Alias("list"), Allow(Who.Self)]
    Task<NotificationPage> ListAsync(string? cursor, int limit);
}

/// <summary>What happened to the tenant's sales, newest first; keyed by tenant id.</summary>
[Alias("claro.tenant-notifications")]
public interface ITenantNotificationsGrain : IGrainWithStringKey
{
    /// <summary><paramref name="cursor"/> is the <see cref="NotificationPage.NextCursor"/> of the page before.</summary>
    [Alias("list"), Allow(Who.TenantStaff)]
    Task<NotificationPage> ListAsync(string? cursor, int limit);
}

/// <param name="Kind">The order event: <c>order.paid</c>, <c>order.refunded</c>, <c>order.partially_refunded</c>, <c>order.disputed</c>, <c>order.dispute_won</c>, <c>order.dispute_lost</c>.</param>
/// <param name="Amount">Paid, or refunded so far for the refund kinds.</param>
[GenerateSerializer, Immutable, Alias("claro.notification")]
public sealed record Notification(
    [property: Id(0)] string NotificationId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string OrderId,
    [property: Id(3)] string TenantId,
    [property: Id(4)] Money Amount,
    [property: Id(5)] DateTimeOffset OccurredAt);

[GenerateSerializer, Immutable, Alias("claro.notification-page")]
public sealed record NotificationPage(
    [property: Id(0)] IReadOnlyList<Notification> Items,
    [property: Id(1)] string? NextCursor);
