using System.Net;
using System.Net.Sockets;

namespace Claro.Silo.Hosting;

/// <summary>
/// Free loopback ports, for listeners bound a moment later. Asked twice before either is bound,
/// the OS may answer the same port both times (a benchmark's API once lost its port to the silo it
/// had just started that way), so a port is never handed out twice in one process.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                    return port;
            }
        }
    }
}
