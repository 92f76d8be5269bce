using System.Collections.Concurrent;
using Claro.Checkout;

namespace Claro.Tests.Checkout;

/// <summary>
/// Stands for a silo that dies in the middle of fulfilment, for an armed checkout: right after the
/// session persisted its transition and the steps it owes (before any step runs), or after the
/// steps ran and before the session persisted that they are done. The grain call fails there.
/// </summary>
public sealed class SimulatedCrashes : IFulfilmentFaults
{
    private static readonly ConcurrentDictionary<string, int> AfterWriteAhead = new();
    private static readonly ConcurrentDictionary<string, int> AfterSteps = new();

    public static void ArmAfterWriteAhead(string checkoutId, int times = 1) => AfterWriteAhead[checkoutId] = times;

    public static void ArmAfterSteps(string checkoutId) => AfterSteps[checkoutId] = 1;

    public Task AfterWriteAheadAsync(string checkoutId) => CrashIfArmed(AfterWriteAhead, checkoutId, "after the write-ahead");

    public Task AfterStepsAsync(string checkoutId) => CrashIfArmed(AfterSteps, checkoutId, "after the steps, before they were marked done");

    private static Task CrashIfArmed(ConcurrentDictionary<string, int> armed, string checkoutId, string where) =>
        armed.TryGetValue(checkoutId, out var left) && left > 0 && armed.TryUpdate(checkoutId, left - 1, left)
            ? throw new InvalidOperationException($"Simulated crash {where} of {checkoutId}.")
            : Task.CompletedTask;
}
