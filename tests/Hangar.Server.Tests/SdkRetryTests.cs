using System.Net;
using Hangar.Client;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// The SDK's retries on 429 and 503 against the real server, with a handler in front that answers as a busy server
/// or proxy would: before the request reaches the server, or after the server has acted on it.
/// </summary>
public class SdkRetryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Reads_AreRetriedAfterRetryAfter_On429And503()
    {
        var (ws, process, key) = await SetUpAsync();
        using var busy = new BusyServer(HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable) { Before = true };
        using var http = new HttpClient(busy) { BaseAddress = Server.BaseAddress };
        using var hangar = new HangarClient(http).WithApiKey(key);

        var runs = await hangar.ListRunsAsync(ws, process).ToListAsync();

        Assert.Empty(runs);
        Assert.Equal(3, busy.Attempts);
    }

    [Fact]
    public async Task AStart_RetriedAfterA503_ReturnsTheRunTheFirstAttemptStarted()
    {
        var (ws, process, key) = await SetUpAsync();
        using var busy = new BusyServer(HttpStatusCode.ServiceUnavailable) { Before = false };
        using var http = new HttpClient(busy) { BaseAddress = Server.BaseAddress };
        using var hangar = new HangarClient(http).WithApiKey(key);

        var started = await hangar.StartRunAsync(ws, process);

        Assert.Equal(2, busy.Attempts);
        using var plain = new HangarClient(Server.BaseAddress).WithApiKey(key);
        Assert.Equal([started.Id], await plain.ListRunsAsync(ws, process).Select(r => (string?)r.Id).ToListAsync());
    }

    [Fact]
    public async Task OtherChanges_AreNotRetriedOnA503_AndALongRetryAfterIsNotWaitedFor()
    {
        var (ws, process, key) = await SetUpAsync();
        using var plain = new HangarClient(Server.BaseAddress).WithApiKey(key);
        var run = (await plain.StartRunAsync(ws, process)).Id!;

        using var unavailable = new BusyServer(HttpStatusCode.ServiceUnavailable) { Before = true };
        using (var hangar = new HangarClient(new HttpClient(unavailable) { BaseAddress = Server.BaseAddress }).WithApiKey(key))
        {
            var refused = await Assert.ThrowsAsync<HangarApiException>(() => hangar.StopRunAsync(ws, run));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
            Assert.Equal(1, unavailable.Attempts);
        }

        using var throttled = new BusyServer(HttpStatusCode.TooManyRequests) { Before = true, RetryAfter = HangarClient.MaxRetryDelay + TimeSpan.FromSeconds(1) };
        using (var hangar = new HangarClient(new HttpClient(throttled) { BaseAddress = Server.BaseAddress }).WithApiKey(key))
        {
            var refused = await Assert.ThrowsAsync<HangarApiException>(() => hangar.GetRunAsync(ws, run));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.Equal(1, throttled.Attempts);
        }

        Assert.DoesNotContain((await plain.GetRunAsync(ws, run)).HangarState, new[] { "stopping", "stopped" });
    }

    private async Task<(string Workspace, string Process, string Key)> SetUpAsync()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadProcesses, Permissions.TriggerProcesses, Permissions.ReadRuns);
        return (ws, process, key);
    }

    /// <summary>
    /// Answers the first requests with the given statuses (and <c>Retry-After</c>), then lets requests through to the
    /// server. <see cref="Before"/>: the busy answers are given instead of sending; otherwise after the server acted.
    /// </summary>
    private sealed class BusyServer(params HttpStatusCode[] answers) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _attempts;

        public bool Before { get; init; }
        public TimeSpan RetryAfter { get; init; } = TimeSpan.Zero;
        public int Attempts => _attempts;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            if (attempt > answers.Length)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (!Before)
            {
                (await base.SendAsync(request, cancellationToken)).Dispose();
            }

            var busy = new HttpResponseMessage(answers[attempt - 1]) { RequestMessage = request, Content = Json.Body("""{"error":{"code":"busy","message":"try later"}}""") };
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(RetryAfter);
            return busy;
        }
    }
}
