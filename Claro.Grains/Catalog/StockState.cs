namespace Claro.Catalog;

/// <summary>
/// A product's license keys as an earlier Claro kept them, in Orleans grain storage: read once by
/// <see cref="StockGrain"/> to move them into <c>license_keys</c>, then cleared.
/// </summary>
[GenerateSerializer, Alias("claro.stock-state")]
public sealed class StockState
{
    /// <summary>Every key ever added, in order; a key's position is its id within this stock.</summary>
    [Id(0)] public List<StockKey> Keys { get; set; } = [];

    /// <summary>Keys held for a checkout until they are assigned or the reservation expires; by checkout id.</summary>
    [Id(1)] public Dictionary<string, StockReservation> Reservations { get; set; } = [];

    /// <summary>The keys each order line received. One entry per order line: assigning twice finds it and answers the same keys.</summary>
    [Id(2)] public Dictionary<string, List<int>> Assignments { get; set; } = [];
}

[GenerateSerializer, Alias("claro.stock-key")]
public sealed class StockKey
{
    [Id(0)] public string Value { get; set; } = "";
    [Id(1)] public DateTimeOffset AddedAt { get; set; }
    /// <summary>The checkout whose reservation holds this key, or null.</summary>
    [Id(2)] public string? ReservedBy { get; set; }
    /// <summary>The order line this key was assigned to, or null while unsold.</summary>
    [Id(3)] public string? AssignedTo { get; set; }
}

[GenerateSerializer, Alias("claro.stock-reservation")]
public sealed class StockReservation
{
    [Id(0)] public List<int> Keys { get; set; } = [];
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
}
