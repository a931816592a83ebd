using System.Net.Http.Headers;
using System.Text.Json;
using Hangar.Contracts.V1;

namespace Hangar.Client;

/// <summary>Task packages (robots): create, list, upload a zip as a new version, delete.</summary>
public sealed partial class HangarClient
{
    public Task<TaskPackageResponse> CreateTaskPackageAsync(string workspaceId, string name, CancellationToken ct = default) =>
        SendAsync<TaskPackageResponse>(HttpMethod.Post, PackagesPath(workspaceId), new CreateTaskPackageRequest(name), ct);

    /// <summary>The workspace's task packages, each with its latest version.</summary>
    public IAsyncEnumerable<TaskPackageResponse> ListTaskPackagesAsync(string workspaceId, CancellationToken ct = default) =>
        ListAsync<TaskPackageResponse>(PackagesPath(workspaceId), ct);

    public Task<TaskPackageResponse> GetTaskPackageAsync(string workspaceId, string packageId, CancellationToken ct = default) =>
        SendAsync<TaskPackageResponse>(HttpMethod.Get, PackagePath(workspaceId, packageId), null, ct);

    /// <summary>The package's versions, newest first.</summary>
    public IAsyncEnumerable<TaskPackageVersionResponse> ListTaskPackageVersionsAsync(string workspaceId, string packageId, CancellationToken ct = default) =>
        ListAsync<TaskPackageVersionResponse>($"{PackagePath(workspaceId, packageId)}/versions", ct);

    public Task<DeletedResponse> DeleteTaskPackageAsync(string workspaceId, string packageId, CancellationToken ct = default) =>
        SendAsync<DeletedResponse>(HttpMethod.Delete, PackagePath(workspaceId, packageId), null, ct);

    /// <summary>A single-use presigned POST for the package's next version (see <see cref="UploadTaskPackageAsync"/>, which uses it).</summary>
    public Task<UploadLinkResponse> GetTaskPackageUploadLinkAsync(string workspaceId, string packageId, CancellationToken ct = default) =>
        SendAsync<UploadLinkResponse>(HttpMethod.Get, $"{PackagePath(workspaceId, packageId)}/upload", null, ct);

    /// <summary>A presigned URL of the latest version's zip, to GET with no credentials.</summary>
    public Task<DownloadLinkResponse> GetTaskPackageDownloadLinkAsync(string workspaceId, string packageId, CancellationToken ct = default) =>
        SendAsync<DownloadLinkResponse>(HttpMethod.Get, $"{PackagePath(workspaceId, packageId)}/download", null, ct);

    /// <summary>
    /// Uploads <paramref name="zip"/> (a robot zip, read from its current position to its end) as the package's next
    /// version: asks for an upload link, then posts the zip to it. <paramref name="progress"/> hears the bytes sent so far.
    /// </summary>
    public async Task<TaskPackageVersionResponse> UploadTaskPackageAsync(string workspaceId, string packageId, Stream zip,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var link = await GetTaskPackageUploadLinkAsync(workspaceId, packageId, ct);
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in link.FormData)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ProgressStreamContent(zip, progress);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        // As with S3's presigned POST, the file is the form's last part.
        form.Add(file, "file", "robot.zip");

        // The link carries its own authorization: the API key or session must not travel to it (it may be another
        // host, such as object storage), so the upload goes through a client of its own with no credentials.
        using var anonymous = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await anonymous.PostAsync(new Uri(_http.BaseAddress!, link.Url), form, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await UploadRefusalAsync(response, ct);
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        var version = text.Length == 0 ? null : JsonSerializer.Deserialize<TaskPackageVersionResponse>(text, JsonOptions);
        return version ?? (await GetTaskPackageAsync(workspaceId, packageId, ct)).LatestVersion
            ?? throw new HangarApiException(response.StatusCode, "empty_response", "The upload was accepted but the package shows no version.");
    }

    /// <summary>
    /// The refusal of an upload: Hangar's own upload route answers <c>{"error":{...}}</c>, object storage answers XML,
    /// so the body is read as the former when it can be and shown as it is otherwise.
    /// </summary>
    private static async Task<HangarApiException> UploadRefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (JsonSerializer.Deserialize<ErrorResponse>(body, JsonOptions)?.Error is { } error)
            {
                return new HangarApiException(response.StatusCode, error.Code, error.Message);
            }
        }
        catch (JsonException)
        {
        }

        var shown = body.Length <= 500 ? body : body[..500];
        return new HangarApiException(response.StatusCode, "upload_failed", shown.Length > 0 ? shown : response.ReasonPhrase ?? "");
    }

    private static string PackagesPath(string workspaceId) => $"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/task-packages";

    private static string PackagePath(string workspaceId, string packageId) => $"{PackagesPath(workspaceId)}/{Uri.EscapeDataString(packageId)}";
}
