using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.IO;

namespace Hangar.Server.Smtp;

/// <summary>One accepted SMTP connection, read and written through its <see cref="SmtpDataGuard"/>.</summary>
internal sealed class SmtpConnection : ISecurableDuplexPipe
{
    private readonly TcpClient _client;
    private readonly Action _closed;
    private int _disposed;

    public SmtpConnection(TcpClient client, SmtpDataGuard guard, Action closed)
    {
        _client = client;
        _closed = closed;
        Input = PipeReader.Create(guard);
        Output = PipeWriter.Create(guard);
    }

    public PipeReader Input { get; }
    public PipeWriter Output { get; }

    /// <summary>Hangar offers no STARTTLS: a mail relay in front of it takes TLS from the internet (see docs/email-trigger.md).</summary>
    public bool IsSecure => false;

    public SslProtocols SslProtocol => SslProtocols.None;

    public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("STARTTLS is not offered.");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _client.Dispose();
            _closed();
        }
    }
}
