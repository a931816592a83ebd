using System.Net;
using System.Net.Sockets;
using System.Text;
using Hangar.Core.Webhooks;

namespace Hangar.Server.Tests;

/// <summary>
/// An attempt is bounded in time and in what it reads, whatever the receiver does: a receiver that never answers is a
/// timeout (retried like any failure), and one that answers without end is read only up to the log's 1 KB.
/// </summary>
public class WebhookSenderBoundsTests
{
    private static readonly WebhookOptions Options = new() { AllowPrivateEndpoints = true, Timeout = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task AReceiverThatNeverAnswers_IsATimeout_ThatIsRetried()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Accept the connection and read the request, but never answer.
        var silent = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var buffer = new byte[4096];
            try
            {
                while (await client.GetStream().ReadAsync(buffer) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
        });
        using var sender = new WebhookSender(Options, TimeProvider.System);

        var result = await sender.SendAsync(new Uri($"http://127.0.0.1:{port}/hook"), "secret", """{"id":"1"}""", "webhook.test", 1, CancellationToken.None);

        Assert.Equal("timeout", result.Error);
        Assert.Null(result.StatusCode);
        Assert.False(result.Delivered);
        Assert.False(result.Final);
        listener.Stop();
        await silent;
    }

    [Fact]
    public async Task AnEndlessAnswer_IsReadOnlyUpToTheLogsExcerpt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // Answer 200 and then write until the sender drops the connection.
        var endless = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var request = new byte[4096];
            _ = await stream.ReadAsync(request);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 8192));
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"));
                for (var i = 0; i < 100_000; i++)
                {
                    await stream.WriteAsync(chunk);
                }
            }
            catch (IOException)
            {
                // The sender hung up: what the test expects.
            }
        });
        using var sender = new WebhookSender(new WebhookOptions { AllowPrivateEndpoints = true, Timeout = TimeSpan.FromSeconds(30) }, TimeProvider.System);

        var result = await sender.SendAsync(new Uri($"http://127.0.0.1:{port}/hook"), "secret", """{"id":"1"}""", "webhook.test", 1, CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.True(result.Delivered);
        Assert.Equal(new string('x', WebhookLimits.ResponseExcerptBytes), result.Response);
        listener.Stop();
        await endless;
    }
}
