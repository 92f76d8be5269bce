namespace Claro.Platform;

public static class Workers
{
    /// <summary>
    /// Local activations of a stateless worker that mostly waits on PostgreSQL. Orleans' default is
    /// one per core, which on a small machine let only two webhooks be in progress at once.
    /// </summary>
    public const int IoBound = 32;
}
