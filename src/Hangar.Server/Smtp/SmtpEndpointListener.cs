using System.Net.Sockets;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace Hangar.Server.Smtp;

/// <summary>
/// Accepts connections on a socket bound at start, and keeps their number bounded: past <see cref="SmtpSessionLimit"/>
/// a new connection is told <c>421</c> (try again later) and closed, as mail servers do when busy.
/// </summary>
internal sealed class SmtpEndpointListener(TcpListener listener, SmtpSessionLimit sessions, long maxMessageBytes) : IEndpointListener
{
    private static readonly byte[] Busy = "421 4.3.2 Too many connections, try again later\r\n"u8.ToArray();

    public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            if (!sessions.TryEnter())
            {
                try
                {
                    using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.GetStream().WriteAsync(Busy, wait.Token);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
                {
                    // It went away, or does not read: closing is all that is left to do.
                }

                client.Dispose();
                continue;
            }

            context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            var guard = new SmtpDataGuard(client.GetStream(), maxMessageBytes);
            context.Properties[SmtpDataGuard.PropertyKey] = guard;
            return new SmtpConnection(client, guard, sessions.Exit);
        }
    }

    public void Dispose() => listener.Stop();
}
