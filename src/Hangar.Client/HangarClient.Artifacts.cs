using Hangar.Contracts.V1;

namespace Hangar.Client;

public sealed partial class HangarClient
{
    /// <summary>The files a step run left in its artifacts folder.</summary>
    public IAsyncEnumerable<ArtifactResponse> ListArtifactsAsync(string workspaceId, string stepRunId, CancellationToken ct = default) =>
        ListAsync<ArtifactResponse>(ArtifactsPath(workspaceId, stepRunId), ct);

    /// <summary>One artifact with a signed download URL, which needs no credentials and expires.</summary>
    public Task<ArtifactDownloadResponse> GetArtifactAsync(string workspaceId, string stepRunId, string artifactId, CancellationToken ct = default) =>
        SendAsync<ArtifactDownloadResponse>(HttpMethod.Get, $"{ArtifactsPath(workspaceId, stepRunId)}/{Uri.EscapeDataString(artifactId)}", null, ct);

    /// <summary>
    /// Copies an artifact's content into <paramref name="destination"/>, reporting the bytes copied so far to
    /// <paramref name="progress"/>. The content comes from the signed URL, without this client's credentials (object
    /// storage refuses a second credential). A 429 or 503 is retried (a download is a read).
    /// </summary>
    public async Task DownloadArtifactAsync(string workspaceId, string stepRunId, string artifactId, Stream destination, IProgress<long>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var artifact = await GetArtifactAsync(workspaceId, stepRunId, artifactId, ct);
        using var response = await SendWithRetriesAsync(() => new HttpRequestMessage(HttpMethod.Get, artifact.Url), HttpCompletionOption.ResponseHeadersRead, ct);
        await ThrowUnlessSuccessAsync(response, ct);
        await using var source = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
            copied += read;
            progress?.Report(copied);
        }
    }

    private static string ArtifactsPath(string workspaceId, string stepRunId) =>
        $"{WorkspacePath(workspaceId)}/step-runs/{Uri.EscapeDataString(stepRunId)}/artifacts";
}
