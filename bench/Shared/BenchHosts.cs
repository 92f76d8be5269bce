using System.Net;
using Claro.Platform;
using Claro.Silo.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Claro.Benchmarks;

/// <summary>The silo and the API as the benchmarks run them: built as the real hosts build them, quiet logs.</summary>
public static class BenchHosts
{
    private static readonly KeyValuePair<string, string?>[] QuietLogs =
    [
        KeyValuePair.Create("Logging:LogLevel:Default", (string?)"Warning"),
        KeyValuePair.Create("Logging:Console:LogLevel:Microsoft.Hosting.Lifetime", (string?)"Warning"),
    ];

    /// <summary>The silo as Claro.Silo's SiloProgram builds it (migrations already ran), on free loopback ports.</summary>
    public static IHost BuildSilo(ClaroSettings settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings.ToConfiguration().Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        builder.Configuration.AddInMemoryCollection(QuietLogs);
        return builder.AddClaroSilo(settings, new SiloEndpoints(IPAddress.Loopback, FreePorts.Next(), FreePorts.Next())).Build();
    }

    /// <summary>
    /// The real API (its Program, environment Production) on Kestrel at this loopback port. With
    /// <paramref name="hostsSilo"/> it runs the cluster's silo in its own process (free loopback ports),
    /// as deployed by default; without, it is an Orleans client of a silo started apart.
    /// </summary>
    public static WebApplicationFactory<Program> StartApi(ClaroSettings settings, int port, bool hostsSilo)
    {
        var api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            foreach (var (key, value) in settings.ToConfiguration())
                web.UseSetting(key, value);
            web.UseSetting(Claro.Api.Platform.ClusterConnection.HostsSiloKey, hostsSilo ? "true" : "false");
            if (hostsSilo)
            {
                web.UseSetting(SiloEndpoints.AddressKey, IPAddress.Loopback.ToString());
                web.UseSetting(SiloEndpoints.SiloPortKey, "0");
                web.UseSetting(SiloEndpoints.GatewayPortKey, "0");
            }
            foreach (var (key, value) in QuietLogs)
                web.UseSetting(key, value);
        });
        api.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        api.StartServer();
        return api;
    }
}
