namespace Claro.StripeEmulator;

/// <summary>Expires open checkout sessions once their <c>expires_at</c> passes.</summary>
public sealed class SessionExpiry(EmulatorState state, EmulatorOptions options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ExpiryCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                state.ExpireDueSessions();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
