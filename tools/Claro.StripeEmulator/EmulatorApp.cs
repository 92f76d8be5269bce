using Claro.StripeEmulator.Api;
using Claro.StripeEmulator.Webhooks;

namespace Claro.StripeEmulator;

public static class EmulatorApp
{
    /// <summary>
    /// Builds the emulator. <paramref name="settings"/> are added after every other configuration
    /// source (tests pass <c>CLARO_STRIPE_EMULATOR_PORT=0</c> for a free port). Without
    /// <c>ASPNETCORE_URLS</c> or <c>--urls</c> it listens on http://127.0.0.1:{port}.
    /// <paramref name="clock"/> lets a test move time (session expiry, event timestamps).
    /// </summary>
    public static WebApplication Create(string[] args, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var options = EmulatorOptions.From(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddSingleton<EventDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventDispatcher>());
        builder.Services.AddSingleton<EmulatorState>();
        builder.Services.AddHostedService<SessionExpiry>();

        var app = builder.Build();
        app.MapStripeApi();
        app.MapControlApi();
        app.MapHostedPages();
        return app;
    }
}
