using Hangar.Server.Hosting;

namespace Hangar.Server.Ui;

/// <summary>This server's URL for commands the UI shows (a worker's <c>--server</c>, rcc's <c>--endpoint</c>): the configured public URL, else the one the browser used.</summary>
public static class UiServerUrl
{
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.RequestServices.GetService<HangarServerOptions>()?.PublicUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
    }
}
