using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>Password sign-in and the server-side sessions behind the UI cookie.</summary>
public sealed class SessionService(IAccountStore accounts, ISessionStore sessions, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);
    public const string TokenPrefix = "hgs_";

    /// <summary>
    /// Signs a user in. An unknown name, a wrong password and a disabled user all fail with the same error,
    /// after the same slow hash, so the answer does not tell which was wrong.
    /// </summary>
    public async Task<LoginResult> LoginAsync(string? username, string? password, string? clientAddress, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(username) || username.Length > 64
            ? null
            : await accounts.FindUserByUsernameAsync(username.Trim().ToLowerInvariant(), ct);
        var passwordOk = PasswordHashing.Verify(user?.PasswordHash, password ?? string.Empty);
        if (user is null || !passwordOk || user.IsDisabled)
        {
            throw HangarException.Unauthorized("invalid_credentials", "The user name or password is incorrect.");
        }

        var token = SecretTokens.New(TokenPrefix, 40);
        var now = time.GetUtcNow();
        var session = new UserSession
        {
            Id = Ids.New(),
            TokenHash = SecretHashing.Sha256Hex(token),
            UserId = user.Id,
            CreatedAt = now,
            ExpiresAt = now + SessionLifetime,
            ClientAddress = ClientText.Clip(clientAddress),
        };
        await sessions.AddAsync(session, ct);
        var actor = new Caller { Kind = CallerKind.User, Id = user.Id, Name = user.Username, UserId = user.Id, ClientAddress = clientAddress };
        await audit.RecordAsync(actor, AuditActions.LoginSucceeded, new AuditTarget("user", user.Id, user.Username), ct);
        return new LoginResult(token, user, session.ExpiresAt);
    }

    /// <summary>The user behind a session token, or null when the session is unknown, expired or its user disabled.</summary>
    public async Task<User?> AuthenticateAsync(string token, CancellationToken ct) =>
        (await AuthenticateSessionAsync(token, ct))?.User;

    /// <summary>The session of a token and its user, or null when the session is unknown, expired or its user disabled.</summary>
    public async Task<(UserSession Session, User User)?> AuthenticateSessionAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        var found = await sessions.FindAsync(SecretHashing.Sha256Hex(token), ct);
        if (found is not { } pair || pair.Session.ExpiresAt <= time.GetUtcNow() || pair.User.IsDisabled)
        {
            return null;
        }

        return pair;
    }

    public Task LogoutAsync(string token, CancellationToken ct) =>
        sessions.DeleteAsync(SecretHashing.Sha256Hex(token), ct);
}
