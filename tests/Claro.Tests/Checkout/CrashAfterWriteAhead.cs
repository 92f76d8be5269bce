using System.Collections.Concurrent;
using Claro.Checkout;

namespace Claro.Tests.Checkout;

/// <summary>
/// Stands for a silo that dies right after the checkout session persisted its transition and the
/// steps it owes: for an armed checkout, the grain call fails there, before any step runs.
/// </summary>
public sealed class CrashAfterWriteAhead : IFulfilmentFaults
{
    private static readonly ConcurrentDictionary<string, int> Armed = new();

    public static void Arm(string checkoutId, int times = 1) => Armed[checkoutId] = times;

    public Task AfterWriteAheadAsync(string checkoutId)
    {
        if (Armed.TryGetValue(checkoutId, out var left) && left > 0 && Armed.TryUpdate(checkoutId, left - 1, left))
            throw new InvalidOperationException($"Simulated crash after the write-ahead of {checkoutId}.");
        return Task.CompletedTask;
    }
}
