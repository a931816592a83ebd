using System.Net;
using System.Text.Json;
using Hangar.Contracts.V1;
using Hangar.Core.Assets;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// Asset storage over v1, as robocorp-storage calls it with a run token (and integrators with keys): assets by id or
/// as <c>name:&lt;url-quoted name&gt;</c>, content through uploads (inline base64, or a PUT to a signed URL), reads
/// through a signed download URL in the asset's payload.
/// </summary>
public static class AssetEndpoints
{
    public static void MapAssetEndpoints(this RouteGroupBuilder v1)
    {
        var ws = v1.MapGroup("/workspaces/{workspace_id}/assets").WithTags("Assets");
        ws.MapGet("", ListAsync).RequireAssetPermission(Permissions.ReadAssets).WithSummary("The workspace's assets: {next, has_more, data: [{id, name}]}.");
        ws.MapPost("", CreateAsync).RequireAssetPermission(Permissions.WriteAssets)
            .WithSummary("Create an empty asset {name}; names are unique in the workspace (409 asset_exists).");
        ws.MapGet("/{asset_id}", GetAsync).RequireAssetPermission(Permissions.ReadAssets)
            .WithSummary("One asset by id or name:<name>, with its payload: {type: empty} or {type: url, content_type, url}.");
        ws.MapDelete("/{asset_id}", DeleteAsync).RequireAssetPermission(Permissions.WriteAssets).WithSummary("Delete an asset and its content.");
        ws.MapPost("/{asset_id}/uploads", UploadAsync).RequireAssetPermission(Permissions.WriteAssets).Accepts<CreateAssetUploadRequest>("application/json")
            .WithSummary("Upload content {content_type, data?}: inline base64 data completes at once; without it, PUT the raw bytes to upload_url.");
        // Older robocorp-storage releases post to the singular path.
        ws.MapPost("/{asset_id}/upload", UploadAsync).RequireAssetPermission(Permissions.WriteAssets).Accepts<CreateAssetUploadRequest>("application/json")
            .WithSummary("The same as POST .../uploads (the path older robocorp-storage releases use).");
        ws.MapGet("/{asset_id}/uploads/{upload_id}", GetUploadAsync).RequireAssetPermission(Permissions.ReadAssets, Permissions.WriteAssets)
            .WithSummary("An upload's status: pending, completed or failed (with reason).");
    }

    private static async Task<Ok<PageResponse<AssetSummaryResponse>>> ListAsync(string workspace_id, HttpContext http, AssetService assets,
        CancellationToken ct)
    {
        var page = await assets.ListAsync(workspace_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, a => a.Id, a => new AssetSummaryResponse(a.Id, a.Name)));
    }

    private static async Task<Ok<AssetResponse>> CreateAsync(string workspace_id, NameRequest body, HttpContext http, AssetService assets, SignedUrls urls,
        CancellationToken ct)
    {
        Validate.Required(body, "body");
        var asset = await assets.CreateAsync(workspace_id, body.Name, ct);
        return TypedResults.Ok(Response(http, urls, asset));
    }

    private static async Task<Ok<AssetResponse>> GetAsync(string workspace_id, string asset_id, HttpContext http, AssetService assets, SignedUrls urls,
        CancellationToken ct)
    {
        var asset = await assets.GetAsync(workspace_id, Reference(http, asset_id), ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(Response(http, urls, asset));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string asset_id, HttpContext http, AssetService assets,
        CancellationToken ct)
    {
        var asset = await assets.DeleteAsync(workspace_id, Reference(http, asset_id), ct);
        return TypedResults.Ok(new DeletedResponse(asset.Id, true));
    }

    private static async Task<Ok<AssetUploadResponse>> UploadAsync(string workspace_id, string asset_id, HttpContext http, AssetService assets,
        SignedUrls urls, CancellationToken ct)
    {
        // Inline content may be larger than the server-wide body limit of JSON routes; this route has its own.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AssetLimits.MaxInlineRequestBytes;
        }

        CreateAssetUploadRequest? request;
        try
        {
            request = http.Request.ContentLength == 0
                ? null
                : await JsonSerializer.DeserializeAsync<CreateAssetUploadRequest>(Utf8ValidatingStream.Over(http.Request.Body), ApiJson.Options, ct);
        }
        catch (JsonException)
        {
            throw HangarException.Invalid("invalid_json", "The body must be {\"content_type\": ..., \"data\"?: <base64>}.");
        }

        var (upload, grant) = await assets.StartUploadAsync(http.RequireCaller(), workspace_id, Reference(http, asset_id), request?.ContentType,
            request?.Data, ct);
        var uploadUrl = grant is null ? null : urls.ForPutUpload(grant).Url;
        return TypedResults.Ok(new AssetUploadResponse(upload.Id, Wire(upload.Status), upload.ContentType, uploadUrl));
    }

    private static async Task<Ok<AssetUploadResponse>> GetUploadAsync(string workspace_id, string asset_id, string upload_id, HttpContext http,
        AssetService assets, CancellationToken ct)
    {
        var upload = await assets.GetUploadAsync(workspace_id, Reference(http, asset_id), upload_id, ct);
        return TypedResults.Ok(new AssetUploadResponse(upload.Id, Wire(upload.Status), upload.ContentType, null, upload.Reason));
    }

    private static AssetResponse Response(HttpContext http, SignedUrls urls, Asset asset) =>
        new(asset.Id, asset.Name, AssetService.DownloadOf(asset) is { } grant
            ? new AssetPayloadResponse("url", grant.ContentType, urls.ForDownload(grant).Url)
            : new AssetPayloadResponse("empty"));

    private static string Wire(AssetUploadStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// The asset segment as the client wrote it, form-decoded: robocorp-storage quotes with <c>quote_plus</c>, so a
    /// space arrives as '+', which the router (decoding paths, not forms) would leave as is.
    /// </summary>
    private static string Reference(HttpContext http, string routeValue)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return routeValue;
        }

        var segments = raw.Split('?', 2)[0].Split('/');
        var index = Array.IndexOf(segments, "assets");
        return index >= 0 && index + 1 < segments.Length && segments[index + 1].Length > 0 ? WebUtility.UrlDecode(segments[index + 1]) : routeValue;
    }
}
