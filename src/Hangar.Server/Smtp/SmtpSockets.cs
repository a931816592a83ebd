using System.Net;
using System.Net.Sockets;

namespace Hangar.Server.Smtp;

/// <summary>
/// The SMTP listener's sockets, bound while the server is built: an address in use stops <c>hangar serve</c> with its
/// reason before anything else has started, and port 0 has its real port from the start.
/// </summary>
public sealed class SmtpSockets : IDisposable
{
    private readonly List<TcpListener> _listeners;

    private SmtpSockets(List<TcpListener> listeners) => _listeners = listeners;

    internal IReadOnlyList<TcpListener> Listeners => _listeners;

    public IReadOnlyList<IPEndPoint> Endpoints => _listeners.Select(l => (IPEndPoint)l.LocalEndpoint).ToList();

    public static SmtpSockets Bind(IEnumerable<IPEndPoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var listeners = new List<TcpListener>();
        foreach (var endpoint in endpoints)
        {
            var listener = new TcpListener(endpoint);
            try
            {
                listener.Start();
            }
            catch (SocketException ex)
            {
                listeners.ForEach(l => l.Stop());
                throw new SmtpListenException($"cannot listen for email on smtp://{endpoint}: {ex.Message}", ex);
            }

            listeners.Add(listener);
        }

        return new SmtpSockets(listeners);
    }

    public void Dispose() => _listeners.ForEach(l => l.Stop());
}
