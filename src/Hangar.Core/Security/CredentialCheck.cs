namespace Hangar.Core.Security;

/// <summary>The outcome of checking a presented credential: a caller, or why it was refused.</summary>
public sealed record CredentialCheck(Caller? Caller, string? FailureCode, string? FailureMessage)
{
    public static CredentialCheck Accepted(Caller caller) => new(caller, null, null);

    public static CredentialCheck Refused(string code, string message) => new(null, code, message);
}
