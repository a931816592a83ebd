using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hangar.TestSupport;

/// <summary>
/// A webhook receiver on a real loopback port, as a receiving system runs one: it records every request with its raw
/// body and headers and answers with <see cref="Status"/> (200 unless a test says otherwise). Requests to
/// <c>/redirect</c> are answered <c>302</c> to <c>/hook</c>, to prove that redirects are not followed.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status to answer request number n (1-based) with.</summary>
    public Func<int, int> Status { get; set; } = _ => 200;

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>The URL of the receiver's ordinary path.</summary>
    public string Url(string path = "/hook") => new Uri(BaseAddress, path).ToString();

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (polling briefly) until <paramref name="count"/> requests matching <paramref name="match"/> have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<ReceivedRequest, bool> match, int count = 1, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var found = Received.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Got {found.Count} of {count} expected deliveries; all received: "
                                           + string.Join(" | ", Received.Select(r => $"{r.Path} {r.Event}")));
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits for a delivery of <paramref name="eventName"/> about run <paramref name="runId"/>.</summary>
    public async Task<ReceivedRequest> WaitForEventAsync(string eventName, string? runId = null, int seconds = 30) =>
        (await WaitForAsync(r => r.Event == eventName && (runId is null || r.Content["payload"]?["processRunId"]?.GetValue<string>() == runId),
            seconds: seconds))[0];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var number = Interlocked.Increment(ref _count);
        var path = context.Request.Path.Value ?? "/";
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var status = path == "/redirect" ? 302 : Status(number);
        _received.Enqueue(new ReceivedRequest(number, path, context.Request.Method, buffer.ToArray(), headers, status));
        context.Response.StatusCode = status;
        if (status == 302)
        {
            context.Response.Headers.Location = "/hook";
        }

        await context.Response.WriteAsync(status is >= 200 and < 300 ? "ok" : $"answered {status}");
    }
}

/// <summary>One request the receiver got, with the exact bytes of its body.</summary>
public sealed record ReceivedRequest(int Number, string Path, string Method, byte[] Body, IReadOnlyDictionary<string, string> Headers, int Answered)
{
    public JsonNode Content => JsonNode.Parse(Encoding.UTF8.GetString(Body))!;

    public string? Event => Content["event"]?.GetValue<string>();

    public string? EventId => Content["id"]?.GetValue<string>();

    public string? Signature => Headers.TryGetValue("x-rc-signature", out var value) ? value : null;
}
