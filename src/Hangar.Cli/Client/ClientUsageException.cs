namespace Hangar.Cli.Client;

/// <summary>A client command cannot go on because of how it was called (exit code <see cref="ClientExitCodes.Usage"/>).</summary>
internal sealed class ClientUsageException : Exception
{
    public ClientUsageException()
    {
    }

    public ClientUsageException(string message)
        : base(message)
    {
    }

    public ClientUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
