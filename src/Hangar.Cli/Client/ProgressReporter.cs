namespace Hangar.Cli.Client;

/// <summary>Reports progress on the caller's thread as it happens (<see cref="Progress{T}"/> posts it, out of order).</summary>
internal sealed class ProgressReporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
