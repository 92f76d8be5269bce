using System.Net;
using Microsoft.Extensions.Configuration;

namespace Claro.Silo.Hosting;

/// <summary>
/// Where this silo listens. Port 0 asks for a free port, so several silos can share one host
/// (<c>./claro silo</c>) without anyone picking numbers.
/// </summary>
public sealed record SiloEndpoints(IPAddress AdvertisedAddress, int SiloPort, int GatewayPort)
{
    public const string AddressKey = "CLARO_SILO_ADDRESS";
    public const string SiloPortKey = "CLARO_SILO_PORT";
    public const string GatewayPortKey = "CLARO_GATEWAY_PORT";

    public static SiloEndpoints From(IConfiguration configuration, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        var address = IPAddress.Loopback;
        if (configuration[AddressKey] is { Length: > 0 } text && !IPAddress.TryParse(text, out address!))
        {
            errors.Add($"{AddressKey} must be an IP address that other silos and clients can reach.");
            address = IPAddress.Loopback;
        }
        var siloPort = Port(configuration, SiloPortKey, 11111, errors);
        var gatewayPort = Port(configuration, GatewayPortKey, 30000, errors);
        problems = errors;
        return new SiloEndpoints(address, siloPort == 0 ? FreePorts.Next() : siloPort, gatewayPort == 0 ? FreePorts.Next() : gatewayPort);
    }

    private static int Port(IConfiguration configuration, string key, int fallback, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (int.TryParse(text, out var port) && port is >= 0 and <= 65535)
            return port;
        errors.Add($"{key} must be a port number from 0 (pick a free one) to 65535.");
        return fallback;
    }
}
