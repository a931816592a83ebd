using System.Text;

namespace Hangar.Worker;

/// <summary>
/// Splits a byte stream into lines without trusting it: '\n' ends a line (a trailing '\r' is dropped), bytes that are
/// not UTF-8 become U+FFFD, and a line longer than <see cref="MaxLineBytes"/> is cut into pieces, so binary output
/// or a huge line cannot exhaust memory.
/// </summary>
public static class LineReader
{
    public const int MaxLineBytes = 16 * 1024;

    public static async Task ReadAsync(Stream stream, Action<string> onLine, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onLine);
        var buffer = new byte[8192];
        var line = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    onLine(Decode(line, trimCarriageReturn: true));
                    continue;
                }

                line.WriteByte(buffer[i]);
                if (line.Length >= MaxLineBytes)
                {
                    onLine(Decode(line, trimCarriageReturn: false));
                }
            }
        }

        if (line.Length > 0)
        {
            onLine(Decode(line, trimCarriageReturn: true));
        }
    }

    private static string Decode(MemoryStream line, bool trimCarriageReturn)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (trimCarriageReturn && bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        var text = Encoding.UTF8.GetString(bytes);
        line.SetLength(0);
        return text.Replace('\0', '\uFFFD');
    }
}
