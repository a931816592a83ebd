using System.Net;
using System.Net.Sockets;
using Hangar.Core.EmailTriggers;
using Hangar.Server.Smtp;
using SmtpServer;

namespace Hangar.Server.Hosting;

/// <summary>
/// The embedded SMTP listener for email triggers, on every node that is given <c>--smtp-urls</c> and
/// <c>--mail-domain</c>: each node takes mail on its own, and a message's run starts through the normal (transactional)
/// start path. Its sockets are bound when the server is built (<see cref="SmtpSockets"/>).
/// </summary>
public sealed class SmtpListenerService(SmtpSockets sockets, EmailTriggerOptions triggers, IServiceScopeFactory scopes, ILoggerFactory loggers)
    : IHostedService, IDisposable
{
    /// <summary>Sessions one node holds at once; each may buffer up to the message size limit.</summary>
    public const int MaxSessions = 20;

    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpSessionLimit _sessions = new(MaxSessions);
    private SmtpServer.SmtpServer? _server;
    private Task? _running;

    /// <summary>The addresses listened on, with the ports the system gave for port 0.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => sockets.Endpoints;

    /// <summary>SMTP sessions open now.</summary>
    public int OpenSessions => _sessions.Open;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var domain = triggers.MailDomain ?? throw new InvalidOperationException("The SMTP listener runs only with a mail domain.");
        var builder = new SmtpServerOptionsBuilder()
            .ServerName(domain)
            .CustomSmtpGreeting(_ => $"220 {domain} ESMTP Hangar")
            // SIZE is announced and checked at MAIL FROM; the data itself is bounded by SmtpDataGuard.
            .MaxMessageSize((int)triggers.MaxMessageBytes, MaxMessageSizeHandling.Ignore)
            .CommandWaitTimeout(TimeSpan.FromMinutes(1));
        var bound = new Dictionary<IEndpointDefinition, TcpListener>();
        foreach (var listener in sockets.Listeners)
        {
            // A whole session (every message of it) gets ten minutes: a large message over a slow link fits, a stalled client does not stay.
            var definition = new EndpointDefinitionBuilder().Endpoint((IPEndPoint)listener.LocalEndpoint).SessionTimeout(TimeSpan.FromMinutes(10)).Build();
            bound[definition] = listener;
            builder.Endpoint(definition);
        }

        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new SmtpListenerFactory(bound, _sessions, triggers.MaxMessageBytes));
        services.Add(new SmtpRecipientFilter(scopes, triggers, loggers.CreateLogger<SmtpRecipientFilter>()));
        services.Add(new SmtpMessageReceiver(scopes, triggers, loggers.CreateLogger<SmtpMessageReceiver>()));
        _server = new SmtpServer.SmtpServer(builder.Build(), services);
        _running = _server.StartAsync(_stop.Token);
        SmtpLog.Listening(loggers.CreateLogger<SmtpListenerService>(), string.Join(", ", Endpoints.Select(e => $"smtp://{e}")), domain,
            triggers.MaxMessageBytes);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null || _running is null)
        {
            return;
        }

        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping with sessions still open: they were told to end, and the host stops anyway.
        }
        finally
        {
            sockets.Dispose();
        }
    }

    public void Dispose()
    {
        sockets.Dispose();
        _stop.Dispose();
    }
}
