using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hangar.Contracts.WorkerV1;

namespace Hangar.Worker;

/// <summary>The worker's side of <c>/worker-v1</c>, over one <see cref="HttpClient"/> carrying the worker credential.</summary>
public sealed class WorkerApi : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;

    public WorkerApi(Uri server, string credential)
    {
        // Long polls last up to 30 s; uploads of large artifacts longer: no overall timeout, each call has its own token.
        _http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
    }

    /// <summary>Links a worker with a link token and returns its credential.</summary>
    public static async Task<LinkResponse> LinkAsync(Uri server, string linkToken, string name, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("/worker-v1/link", new LinkRequest(linkToken, name), Json, ct);
        await EnsureAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<LinkResponse>(Json, ct))!;
    }

    /// <summary>The next assignment, or null when none came within <paramref name="waitSeconds"/>.</summary>
    /// <param name="isolation">How this worker isolates robots (the server shows it with the worker).</param>
    public async Task<Assignment?> ClaimAsync(int waitSeconds, string isolation, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("/worker-v1/claim", new ClaimRequest(waitSeconds, isolation), Json, ct);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        await EnsureAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<Assignment>(Json, ct) is { } assignment
            ? AssignmentUrls.OnServer(assignment, _http.BaseAddress!)
            : null;
    }

    /// <summary>Renews the lease; null when the server says the step run is no longer this worker's.</summary>
    public async Task<HeartbeatResponse?> HeartbeatAsync(string stepRunId, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"/worker-v1/step-runs/{stepRunId}/heartbeat", new { }, Json, ct);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<HeartbeatResponse>(Json, ct);
    }

    public async Task SendConsoleAsync(string stepRunId, IReadOnlyList<ConsoleLine> lines, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"/worker-v1/step-runs/{stepRunId}/console", new ConsoleBatchRequest(lines.ToList()), Json, ct);
        await EnsureAsync(response, ct);
    }

    public async Task UploadArtifactAsync(string stepRunId, string name, Stream stream, CancellationToken ct)
    {
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http.PutAsync($"/worker-v1/step-runs/{stepRunId}/artifacts?name={Uri.EscapeDataString(name)}", content, ct);
        await EnsureAsync(response, ct);
    }

    /// <summary>Reports the end; false when the step run was no longer this worker's (the watchdog took it back).</summary>
    public async Task<bool> CompleteAsync(string stepRunId, int exitCode, string? errorCode, string? errorMessage, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"/worker-v1/step-runs/{stepRunId}/complete",
            new CompleteRequest(exitCode, errorCode, errorMessage), Json, ct);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureAsync(response, ct);
        return true;
    }

    /// <summary>Gives back a step run the worker could not finish (it is stopping); false when it no longer held it.</summary>
    public async Task<bool> ReleaseAsync(string stepRunId, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"/worker-v1/step-runs/{stepRunId}/release", new { }, Json, ct);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureAsync(response, ct);
        return true;
    }

    /// <summary>Downloads a signed URL (no credential is sent to it) into <paramref name="file"/>.</summary>
    public static async Task DownloadAsync(string url, string file, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureAsync(response, ct);
        await using var target = File.Create(file);
        await response.Content.CopyToAsync(target, ct);
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(body.Length > 500 ? body[..500] : body)}",
                null, response.StatusCode);
        }
    }
}
