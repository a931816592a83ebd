namespace Hangar.Storage.Database;

/// <summary>
/// Queues write transactions of this process one behind the other on SQLite, which has a single writer anyway:
/// waiting in an async queue costs nothing, while colliding inside SQLite means sleeping in its busy handler
/// (milliseconds each time), which is what made triggers slow under concurrent load. On PostgreSQL it lets
/// everything through: the database's row locks do the ordering there.
/// </summary>
public sealed class WriteGate(DatabaseProvider provider)
{
    private readonly SemaphoreSlim? _gate = provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    public async ValueTask<Releaser> EnterAsync(CancellationToken ct)
    {
        if (_gate is not null)
        {
            await _gate.WaitAsync(ct);
        }

        return new Releaser(_gate);
    }

    public readonly struct Releaser(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
