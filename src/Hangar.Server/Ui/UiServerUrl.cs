using Hangar.Server.Hosting;

namespace Hangar.Server.Ui;

/// <summary>This server's URL for commands and examples the UI shows (a worker's <c>--server</c>, rcc's <c>--endpoint</c>, curl): the <see cref="PublicUrl"/>.</summary>
public static class UiServerUrl
{
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.RequestServices.GetRequiredService<PublicUrl>().Value;
    }
}
