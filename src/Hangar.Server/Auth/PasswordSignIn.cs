using Hangar.Core.Errors;
using Hangar.Core.Services;

namespace Hangar.Server.Auth;

/// <summary>
/// Password sign-in, for <c>POST /api/v1/auth/login</c> and the UI's sign-in page alike. A right password signs in
/// even from an address that is blocked for failed attempts; a wrong one is counted against the address and the
/// user name, and while either is blocked it is answered 429 instead of 401. A user name under attack is refused
/// unchecked only from the addresses that took part (see <see cref="AuthFailureThrottle"/>). Bursts are audited.
/// </summary>
public sealed class PasswordSignIn(SessionService sessions, AuthFailureThrottle throttle, AuditLog audit)
{
    public async Task<LoginResult> SignInAsync(string? username, string? password, string? address, CancellationToken ct)
    {
        var identifier = PresentedIdentifier.Username(username);
        if (identifier is not null && throttle.IsLockedOut(address, identifier, out var lockedFor))
        {
            // Counted too: an attacker who keeps trying keeps the block, while the user signs in from elsewhere.
            await throttle.RecordFailure(address, identifier).AuditAsync(audit, address, null, ct);
            throw TooMany(lockedFor);
        }

        var blockedFor = throttle.BlockedFor(address, identifier);
        try
        {
            return await sessions.LoginAsync(username, password, address, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.Unauthorized)
        {
            await throttle.RecordFailure(address, identifier).AuditAsync(audit, address, null, ct);
            if (blockedFor is { } retryAfter)
            {
                throw TooMany(retryAfter);
            }

            throw;
        }
    }

    private static HangarException TooMany(int retryAfter) =>
        new(ErrorKind.TooManyRequests, "too_many_failed_attempts",
            $"Too many failed sign-ins from this address or for this user; try again in {retryAfter} s.") { RetryAfterSeconds = retryAfter };
}
