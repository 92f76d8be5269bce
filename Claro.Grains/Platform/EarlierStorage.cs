using Orleans.Storage;

namespace Claro.Platform;

/// <summary>
/// The state an earlier Claro kept in Orleans grain storage for a grain that now keeps it in tables
/// of Claro's. One per activation.
/// </summary>
public sealed class EarlierStorage<T>(IGrainStorage storage, string stateName) where T : new()
{
    private bool _moved;

    /// <summary>
    /// The first time: hands the grain's stored state, if there is any, to <paramref name="move"/>,
    /// then clears it; later calls read nothing. Called when the grain first needs its rows, not at
    /// activation, so a grain activated only to be told its rows changed reads nothing either.
    /// </summary>
    public async Task MoveOnceAsync(GrainId grainId, Func<T, Task> move)
    {
        if (_moved)
            return;
        var stored = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, stored);
        if (stored.RecordExists)
        {
            await move(stored.State ?? new T());
            await storage.ClearStateAsync(stateName, grainId, stored);
        }
        _moved = true;
    }
}
