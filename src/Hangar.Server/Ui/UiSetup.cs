using System.Reflection;
using Hangar.Server.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hangar.Server.Ui;

/// <summary>
/// The web UI: server-rendered Razor Pages under <c>Ui/Pages</c>, over the same services the API uses, with one
/// stylesheet and one small script served from the assembly (no front-end build chain).
/// </summary>
public static class UiSetup
{
    public const string AntiforgeryCookie = "hangar_csrf";

    /// <summary>Room for the form fields and part headers around a robot zip posted from a page.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    public static IServiceCollection AddHangarUi(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Ui/Pages";
                o.Conventions.ConfigureFilter(new UiSessionFilter());
            })
            .AddApplicationPart(typeof(UiSetup).Assembly);
        // Robot zips are posted to the robots pages: those take bodies up to the package limit (plus the form around
        // the file), where every other request keeps the server's smaller limit.
        services.AddOptions<RazorPagesOptions>().Configure<HangarServerOptions>((o, server) =>
            o.Conventions.AddFolderApplicationModelConvention("/Workspaces/Robots",
                m => m.EndpointMetadata.Add(new UploadSizeLimit(server.MaxPackageBytes + FormOverheadBytes))));
        services.AddOptions<FormOptions>().Configure<HangarServerOptions>((o, server) =>
            o.MultipartBodyLengthLimit = Math.Max(o.MultipartBodyLengthLimit, server.MaxPackageBytes + FormOverheadBytes));
        services.AddAntiforgery(o =>
        {
            // The token travels in a hidden form field; the cookie half is HttpOnly and never leaves this site.
            o.Cookie.Name = AntiforgeryCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
            // Scripts of the UI that call the API with the session send the same token in this header.
            o.HeaderName = Auth.CrossSiteRequestCheck.TokenHeader;
            o.SuppressXFrameOptionsHeader = false;
        });
        return services;
    }

    public static void MapHangarUi(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/ui/assets/{name}", ServeAsset).AllowAnonymous().ExcludeFromDescription();
        // Browsers ask for /favicon.ico on their own (for JSON answers and before a page names its icon).
        app.MapGet("/favicon.ico", ServeFavicon).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult ServeFavicon(HttpContext http) => ServeAsset(FaviconAsset, http);

    /// <summary>The icon every page names and <c>/favicon.ico</c> serves.</summary>
    public const string FaviconAsset = "favicon.svg";

    private static IResult ServeAsset(string name, HttpContext http)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        // Names are stable for a build; a day of caching keeps pages fast without serving stale files for long.
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static readonly Dictionary<string, (byte[] Content, string ContentType)> Assets = LoadAssets();

    private static Dictionary<string, (byte[] Content, string ContentType)> LoadAssets()
    {
        var assembly = typeof(UiSetup).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("ui/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["ui/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = (copy.ToArray(), type);
        }

        return assets;
    }

    /// <summary>Endpoint metadata that raises the request body limit (honoured by routing before the form is read).</summary>
    private sealed record UploadSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
