using Microsoft.Extensions.Logging;

namespace Claro.Platform;

public static class QuietLogging
{
    /// <summary>
    /// Framework chatter at warning and above only, so Claro's own lines and the problems stand out.
    /// </summary>
    public static ILoggingBuilder AddClaroDefaults(this ILoggingBuilder logging) => logging
        .AddFilter("Orleans", LogLevel.Warning)
        .AddFilter("Polly", LogLevel.Warning)
        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
        .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
}
