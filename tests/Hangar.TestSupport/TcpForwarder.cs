using System.Net;
using System.Net.Sockets;

namespace Hangar.TestSupport;

/// <summary>
/// A loopback TCP port that forwards to another address, and can be cut: <see cref="CutAsync"/> closes the listener
/// and every open connection (to a client it looks as if the server went away), <see cref="Resume"/> listens on the
/// same port again. Tests put it between Hangar and its database to take the database away and bring it back.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accepting;

    private TcpForwarder(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public static TcpForwarder Start(string targetHost, int targetPort)
    {
        var address = Dns.GetHostAddresses(targetHost).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var forwarder = new TcpForwarder(new IPEndPoint(address, targetPort), HangarProcess.FreePort());
        forwarder.Resume();
        return forwarder;
    }

    /// <summary>Listens (again) and forwards new connections.</summary>
    public void Resume()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync(_listener, _stop.Token);
    }

    /// <summary>Stops listening and drops every forwarded connection.</summary>
    public async Task CutAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener!.Stop();
        lock (_lock)
        {
            foreach (var connection in _connections)
            {
                connection.Client.LingerState = new LingerOption(true, 0); // a reset, as a vanished peer gives
                connection.Dispose();
            }

            _connections.Clear();
        }

        try
        {
            await _accepting!;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _stop = null;
    }

    public async ValueTask DisposeAsync() => await CutAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = PipeAsync(client, ct);
        }
    }

    private async Task PipeAsync(TcpClient client, CancellationToken ct)
    {
        var upstream = new TcpClient();
        lock (_lock)
        {
            _connections.Add(client);
            _connections.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(_target, ct);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var there = client.GetStream().CopyToAsync(upstream.GetStream(), both.Token);
            var back = upstream.GetStream().CopyToAsync(client.GetStream(), both.Token);
            await Task.WhenAny(there, back);
            await both.CancelAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // One side went away (or the forwarder was cut): the other side goes too.
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(client);
                _connections.Remove(upstream);
            }

            client.Dispose();
            upstream.Dispose();
        }
    }
}
