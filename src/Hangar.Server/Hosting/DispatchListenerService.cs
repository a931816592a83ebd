using Hangar.Storage.Coordination;

namespace Hangar.Server.Hosting;

/// <summary>Runs the <see cref="PostgresDispatchListener"/> for the life of the node (PostgreSQL only).</summary>
public sealed class DispatchListenerService(PostgresDispatchListener listener) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        // The node answers requests only once it hears the other nodes (or knows that it cannot yet): a claim taken
        // before would sleep through work queued elsewhere until its periodic look.
        await listener.FirstAttempt.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => listener.RunAsync(stoppingToken);
}
