using System.Net.Sockets;
using System.Text;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Requests the HTTP server (Kestrel) refuses before Hangar sees them: no Hangar code runs, so these refusals carry no
/// error body. docs/api.md names them as the exceptions to "every refusal has an error body"; these tests keep that list
/// true (a status that changes, or a body that appears, shows up here).
/// </summary>
public class ProtocolRefusalTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("GET /api/v1/workspaces HTTP/1.1\r\nHost: x\r\nX-Name: caf\u00e9\r\n\r\n", 400)]
    [InlineData("GET /api/v1/work%00spaces HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("GET /api/v1/workspaces HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n", 400)]
    [InlineData("GET /api/v1/workspaces HTTP/9.9\r\nHost: x\r\n\r\n", 505)]
    public async Task MalformedHttp_IsRefusedByTheHttpServer_WithoutABody(string request, int status)
    {
        var (answered, body) = await SendRawAsync(Encoding.Latin1.GetBytes(request));

        Assert.Equal(status, answered);
        Assert.Equal(string.Empty, body);
    }

    [Fact]
    public async Task ARequestLineOverTheLimit_Is414_WithoutABody()
    {
        var (answered, body) = await SendRawAsync(Encoding.ASCII.GetBytes($"GET /api/v1/{new string('a', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n"));

        Assert.Equal(414, answered);
        Assert.Equal(string.Empty, body);
    }

    [Fact]
    public async Task HeadersOverTheLimit_Are431_WithoutABody()
    {
        var headers = string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Filler-{i}: {new string('a', 1000)}\r\n"));
        var (answered, body) = await SendRawAsync(Encoding.ASCII.GetBytes($"GET /api/v1/workspaces HTTP/1.1\r\nHost: x\r\n{headers}\r\n"));

        Assert.Equal(431, answered);
        Assert.Equal(string.Empty, body);
    }

    /// <summary>Sends bytes as they are (an HTTP client would refuse to) and reads the status code and body of the answer.</summary>
    private async Task<(int Status, string Body)> SendRawAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var reader = new MemoryStream();
        await stream.CopyToAsync(reader);
        var text = Encoding.Latin1.GetString(reader.ToArray());
        var status = int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, split < 0 ? string.Empty : text[(split + 4)..]);
    }
}
