using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Auth;

/// <summary>
/// Password sign-in, for <c>POST /api/v1/auth/login</c> and the UI's sign-in page alike: refused while the address is
/// throttled for failed attempts; each wrong password is counted, and a burst of them is written to the audit log.
/// </summary>
public sealed class PasswordSignIn(SessionService sessions, AuthFailureThrottle throttle, AuditLog audit)
{
    public async Task<LoginResult> SignInAsync(string? username, string? password, string? address, CancellationToken ct)
    {
        if (throttle.IsBlocked(address, out var retryAfter))
        {
            throw new HangarException(ErrorKind.TooManyRequests, "too_many_failed_attempts",
                $"Too many failed sign-ins from this address; try again in {retryAfter} s.") { RetryAfterSeconds = retryAfter };
        }

        try
        {
            return await sessions.LoginAsync(username, password, address, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.Unauthorized)
        {
            if (throttle.RecordFailure(address))
            {
                await audit.RecordAsync(Caller.Anonymous(address), AuditActions.FailedAuthenticationBurst,
                    new AuditTarget("client_address", address, address), ct);
            }

            throw;
        }
    }
}
