namespace Claro.Api.Platform;

public static class RequestLimits
{
    /// <summary>The largest request body any route takes unless it says otherwise (uploads do).</summary>
    public const long MaxJsonBodyBytes = 1024 * 1024;
}
