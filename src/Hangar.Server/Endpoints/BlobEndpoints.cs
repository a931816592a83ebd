using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Hangar.Core.Storage;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Hangar.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Hangar.Server.Endpoints;

/// <summary>
/// The routes signed URLs point at. They take no credential: the URL's signed policy is the permission, for one
/// operation on one blob or upload target until it expires. Downloads are GETs; uploads are S3-style multipart POSTs
/// (the form fields handed out, then the part <c>file</c>) or, for rcc, PUTs of the raw file. An upload URL works once,
/// and only while the credential that asked for it is still valid.
/// </summary>
public static class BlobEndpoints
{
    /// <summary>Room for the form fields and part headers around the file in a multipart upload.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    private const int MaxFormFields = 20;
    private const int MaxFieldChars = 8 * 1024;

    public static void MapBlobEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/blobs").WithGroupName(ApiDocs.Blobs).WithTags("Signed URLs").AllowAnonymous().WithMetadata(new SignedUrlRoute());
        group.MapGet("/download", DownloadAsync)
            .WithSummary("Download the file a signed URL names (the URL is the permission; no credentials).");
        group.MapPost("/upload", UploadFormAsync)
            .WithSummary("Upload with a presigned POST: multipart/form-data with the given form_data fields, then the file as the part 'file'.");
        group.MapPut("/upload", UploadRawAsync)
            .WithSummary("Upload the raw file to a signed URL (rcc cloud push).");
    }

    private static async Task<FileStreamHttpResult> DownloadAsync(string? policy, string? signature, HttpContext http, SignedUrlSigner signer,
        IBlobStore blobs, CancellationToken ct)
    {
        var grant = signer.Verify(policy, signature, SignedUrlPolicy.Download).DownloadGrant
            ?? throw HangarException.Forbidden("invalid_signature", "The URL does not name a file to download.");
        var blob = await blobs.OpenReadAsync(grant.BlobKey, ct)
            ?? throw HangarException.NotFound("The file (it was deleted)");
        http.Response.ContentLength = blob.Size;
        http.Response.Headers.CacheControl = "no-store";
        // Whatever the stored type says (an asset's is the uploader's choice), the content is a download of this site's
        // origin: never sniffed into something else, and never run as a page if a browser shows it anyway.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.Stream(blob.Content, grant.ContentType, grant.FileName);
    }

    private static async Task<IResult> UploadRawAsync(string? policy, string? signature, HttpContext http,
        SignedUrlSigner signer, CancellationToken ct)
    {
        var verified = signer.Verify(policy, signature, SignedUrlPolicy.Upload);
        var grant = GrantOf(verified);
        if (http.Request.ContentLength > grant.MaxBytes)
        {
            // Refused on the announced length, before the client sends the body (it waits when it sent Expect: 100-continue).
            throw TaskPackageService.TooLarge(grant.MaxBytes);
        }

        AllowBody(http, grant.MaxBytes);
        return TypedResults.Ok(await ApplyAsync(verified, http.Request.Body, http, ct));
    }

    private static async Task<IResult> UploadFormAsync(HttpContext http, SignedUrlSigner signer, HangarServerOptions options, CancellationToken ct)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw InvalidUpload("Send the upload as multipart/form-data: the form_data fields you were given, then the file as the part 'file'.");
        }

        // The form is checked against the largest upload of any kind; each grant's own limit applies as the file streams in.
        var largest = Math.Max(options.MaxPackageBytes, WorkItemFileService.MaxFileBytes);
        if (request.ContentLength > largest + FormOverheadBytes)
        {
            throw TaskPackageService.TooLarge(largest);
        }

        AllowBody(http, largest + FormOverheadBytes);
        // Parts are read as they arrive, never buffered: the file streams straight into the upload's checks.
        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024, BodyLengthLimit = null };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = await ReadFieldsUpToFileAsync(reader, fields, ct)
            ?? throw InvalidUpload("The form has no part named 'file': send the zip as the last part, named 'file'.");
        // As with S3, the fields come first: the policy must be known before the file is taken.
        var verified = signer.Verify(fields.GetValueOrDefault(SignedUrls.PolicyField) ?? (string?)request.Query[SignedUrls.PolicyField],
            fields.GetValueOrDefault(SignedUrls.SignatureField) ?? (string?)request.Query[SignedUrls.SignatureField], SignedUrlPolicy.Upload);
        return TypedResults.Ok(await ApplyAsync(verified, new MultipartPartStream(file.Body, EndedEarly), http, ct));
    }

    /// <summary>Reads the form's fields into <paramref name="fields"/> and returns the part 'file' (null when the form has none).</summary>
    private static async Task<MultipartSection?> ReadFieldsUpToFileAsync(MultipartReader reader, Dictionary<string, string> fields, CancellationToken ct)
    {
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw InvalidUpload("Every part of the form needs 'Content-Disposition: form-data; name=\"...\"'.");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (name == "file")
                {
                    return section;
                }

                if (fields.Count >= MaxFormFields)
                {
                    throw InvalidUpload($"The form has more than {MaxFormFields} fields.");
                }

                fields[name] = await ReadFieldAsync(section, ct);
            }

            return null;
        }
        catch (InvalidDataException)
        {
            throw InvalidUpload("The multipart body is malformed.");
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            // The form reader's own complaint: the body ended before a part did (Kestrel's are BadHttpRequestExceptions).
            throw EndedEarly();
        }
    }

    /// <summary>
    /// Applies an upload to what its grant names: a task package (a new version), a work item (a file) or an asset (its
    /// content). First, the credential that asked for the URL must still be valid: nothing is written otherwise.
    /// </summary>
    private static async Task<object> ApplyAsync(SignedUrlPolicy verified, Stream content, HttpContext http, CancellationToken ct)
    {
        var grant = GrantOf(verified);
        await http.RequestServices.GetRequiredService<UploadGrantorCheck>().RequireValidAsync(grant, ct);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(verified.ExpiresAt);
        switch (grant.Target)
        {
            case UploadGrant.TaskPackageTarget:
                var packages = http.RequestServices.GetRequiredService<TaskPackageService>();
                return (await packages.UploadAsync(grant, expiresAt, content, http.ClientAddress(), ct)).ToResponse();
            case WorkItemFileService.Target:
                var file = await http.RequestServices.GetRequiredService<WorkItemFileService>().UploadAsync(grant, expiresAt, content, ct);
                return new WorkItemFileResponse(file.Id, file.Size, file.Name);
            case AssetService.Target:
                var upload = await http.RequestServices.GetRequiredService<AssetService>().UploadAsync(grant, content, ct);
                return new AssetUploadResponse(upload.Id, "completed", upload.ContentType);
            default:
                throw HangarException.Forbidden("invalid_signature", "The URL names an upload target this server does not know.");
        }
    }

    private static UploadGrant GrantOf(SignedUrlPolicy verified) =>
        verified.UploadGrant ?? throw HangarException.Forbidden("invalid_signature", "The URL does not name an upload target.");

    /// <summary>Uploads may exceed the server-wide body limit that protects the JSON routes; they have their own.</summary>
    private static void AllowBody(HttpContext http, long maxBytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, CancellationToken ct)
    {
        using var reader = new StreamReader(section.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
        var buffer = new char[MaxFieldChars + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        return length <= MaxFieldChars ? new string(buffer, 0, length) : throw InvalidUpload($"A form field is longer than {MaxFieldChars} characters.");
    }

    private static HangarException InvalidUpload(string message) => HangarException.Invalid("invalid_upload", message);

    private static HangarException EndedEarly() => InvalidUpload("The multipart body ends before its closing boundary: the upload is incomplete.");
}
