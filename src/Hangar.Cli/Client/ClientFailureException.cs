namespace Hangar.Cli.Client;

/// <summary>
/// A client command found, from what the server answered, that it cannot do what was asked (the key's workspace is
/// not the one named, a robot's zip breaks the server's rules): exit code <see cref="ClientExitCodes.Failed"/>, with
/// a stable <see cref="Code"/> as the server's refusals have.
/// </summary>
internal sealed class ClientFailureException : Exception
{
    public ClientFailureException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public ClientFailureException()
    {
        Code = "failed";
    }

    public ClientFailureException(string message)
        : base(message)
    {
        Code = "failed";
    }

    public ClientFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "failed";
    }

    public string Code { get; }
}
