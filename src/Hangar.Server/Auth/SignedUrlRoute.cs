namespace Hangar.Server.Auth;

/// <summary>
/// Marks the signed-URL routes (<c>/blobs</c>): the URL's signature is the permission and the caller is never read, so a
/// session cookie a browser sends along grants nothing there and <see cref="CrossSiteRequestCheck"/> leaves them alone.
/// </summary>
public sealed record SignedUrlRoute;
