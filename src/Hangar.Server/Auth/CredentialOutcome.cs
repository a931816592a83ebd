using Hangar.Core.Security;

namespace Hangar.Server.Auth;

public sealed record CredentialOutcome(Caller? Caller, AuthFailure? Failure)
{
    public static CredentialOutcome Success(Caller caller) => new(caller, null);

    public static CredentialOutcome Refused(string code, string message) => new(null, new AuthFailure(code, message));
}
