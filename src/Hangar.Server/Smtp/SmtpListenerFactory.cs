using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Net;

namespace Hangar.Server.Smtp;

/// <summary>Hands the SMTP library the sockets bound at start (so a port in use stops the start, and port 0 is known).</summary>
internal sealed class SmtpListenerFactory(IReadOnlyDictionary<IEndpointDefinition, TcpListener> bound, SmtpSessionLimit sessions, long maxMessageBytes)
    : IEndpointListenerFactory
{
    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) =>
        new SmtpEndpointListener(bound[endpointDefinition], sessions, maxMessageBytes);
}
