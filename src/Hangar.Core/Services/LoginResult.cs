using Hangar.Core.Domain;

namespace Hangar.Core.Services;

/// <summary>A new session: <see cref="Token"/> goes into the cookie and is never stored.</summary>
public sealed record LoginResult(string Token, User User, DateTimeOffset ExpiresAt);
