using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hangar.Server.Tests;

/// <summary>
/// A hand-driven SMTP conversation over a real socket, for what a well-behaved client library never does on its own
/// (oversized data without SIZE, lines that never end, garbage instead of a message).
/// </summary>
internal sealed class SmtpDialog : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private SmtpDialog(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    public static async Task<SmtpDialog> OpenAsync(IPEndPoint endpoint)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endpoint);
        return new SmtpDialog(client);
    }

    /// <summary>Reads one reply (all its lines) and returns its last line.</summary>
    public async Task<string> ReplyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new IOException("The server closed the connection.");
            if (line.Length < 4 || line[3] != '-')
            {
                return line;
            }
        }
    }

    /// <summary>Sends a command line and returns the reply.</summary>
    public async Task<string> SendAsync(string line)
    {
        await WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        return await ReplyAsync();
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Greeting and EHLO.</summary>
    public async Task HelloAsync()
    {
        Assert.StartsWith("220 ", await ReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await SendAsync("EHLO client.example"), StringComparison.Ordinal);
    }

    /// <summary>Whether the server has closed the connection (reads end).</summary>
    public async Task<bool> ClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await _reader.ReadLineAsync(timeout.Token) is not null)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
