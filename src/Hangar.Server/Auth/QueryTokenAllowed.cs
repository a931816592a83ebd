namespace Hangar.Server.Auth;

/// <summary>
/// Marks the one route that takes its API key in the query string (<c>?token=</c>), as Robocorp's integrations
/// route does for systems that cannot set headers. Everywhere else a key in a URL is ignored, since URLs end up in logs.
/// </summary>
public sealed record QueryTokenAllowed;
