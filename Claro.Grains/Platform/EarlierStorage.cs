using Orleans.Storage;

namespace Claro.Platform;

/// <summary>State an earlier Claro kept in Orleans grain storage for a grain that now keeps it in tables of Claro's.</summary>
public static class EarlierStorage
{
    /// <summary>
    /// Hands the grain's stored state, if there is any, to <paramref name="move"/>, then clears it.
    /// Read when the grain first needs its rows, not at activation, so a grain activated only to be
    /// told its rows changed reads nothing.
    /// </summary>
    public static async Task MoveAsync<T>(this IGrainStorage storage, string stateName, GrainId grainId, Func<T, Task> move)
        where T : new()
    {
        var stored = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, stored);
        if (!stored.RecordExists)
            return;
        await move(stored.State ?? new T());
        await storage.ClearStateAsync(stateName, grainId, stored);
    }
}
