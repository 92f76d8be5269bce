namespace Claro.Checkout;

/// <summary>
/// A seam for crash tests: called after a transition and the steps it owes are durable, before any
/// step runs, and after the steps ran, before they are marked done. Production does nothing here;
/// a test makes it throw to stand for a process that died.
/// </summary>
public interface IFulfilmentFaults
{
    Task AfterWriteAheadAsync(string checkoutId);

    Task AfterStepsAsync(string checkoutId);
}

public sealed class NoFulfilmentFaults : IFulfilmentFaults
{
    public Task AfterWriteAheadAsync(string checkoutId) => Task.CompletedTask;

    public Task AfterStepsAsync(string checkoutId) => Task.CompletedTask;
}
