namespace Hangar.Server.Smtp;

/// <summary>
/// Bounds what one SMTP connection can make the server hold, below the SMTP library (which buffers a whole message,
/// and a whole command line, before looking at it). It watches the server's replies for <c>354</c> to know when
/// message content starts, and follows the content to its <c>CRLF.CRLF</c> end:
/// <list type="bullet">
/// <item>content past the size limit is read and dropped up to its end, and the library is handed the end marker, so
/// it finishes the message and the store answers <c>552</c> (<see cref="TakeOversized"/>) at the end of DATA, as SMTP
/// expects, instead of the connection breaking mid-message;</item>
/// <item>a command line past <see cref="MaxCommandLineBytes"/> is answered <c>500</c> and the connection is closed.</item>
/// </list>
/// </summary>
internal sealed class SmtpDataGuard(Stream inner, long maxMessageBytes) : Stream
{
    /// <summary>Where the session's guard is kept in the SMTP library's session properties.</summary>
    public const string PropertyKey = "Hangar:SmtpDataGuard";

    /// <summary>RFC 5321 allows 512 octets; clients add ESMTP parameters, so there is room to spare.</summary>
    public const int MaxCommandLineBytes = 4096;

    private static readonly byte[] EndOfData = "\r\n.\r\n"u8.ToArray();
    private static readonly byte[] LineTooLong = "500 5.5.2 Line too long\r\n"u8.ToArray();

    private readonly byte[] _scratch = new byte[16 * 1024];
    private Mode _mode = Mode.Command;
    private long _contentBytes;
    private int _lineBytes;

    // How much of CRLF.CRLF the content has ended with so far: for the whole content, and for what the library was handed.
    private int _matched;
    private int _handedMatched;
    private byte[] _pendingOut = [];
    private byte[] _carry = [];
    private bool _closed;
    private bool _oversized;

    // The reply being written: how many of its first characters were seen, and whether they so far read "354".
    private int _replyPosition;
    private bool _replyIs354 = true;

    private enum Mode
    {
        Command,
        Content,
        Discard,
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Whether the message that just ended was over the limit (its content was dropped); asking clears it.</summary>
    public bool TakeOversized()
    {
        var oversized = _oversized;
        _oversized = false;
        return oversized;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_pendingOut.Length > 0)
            {
                var n = Math.Min(buffer.Length, _pendingOut.Length);
                _pendingOut.AsSpan(0, n).CopyTo(buffer.Span);
                _pendingOut = _pendingOut[n..];
                return n;
            }

            if (_closed || buffer.Length == 0)
            {
                return 0;
            }

            ReadOnlyMemory<byte> input;
            if (_carry.Length > 0)
            {
                var take = Math.Min(_carry.Length, buffer.Length);
                input = _carry.AsMemory(0, take);
                _carry = _carry[take..];
            }
            else
            {
                var read = await inner.ReadAsync(_scratch.AsMemory(0, Math.Min(_scratch.Length, buffer.Length)), cancellationToken);
                if (read == 0)
                {
                    return 0;
                }

                input = _scratch.AsMemory(0, read);
            }

            var produced = await ProcessAsync(input, buffer, cancellationToken);
            if (produced > 0)
            {
                return produced;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        WatchReplies(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        WatchReplies(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Filters <paramref name="input"/> into <paramref name="output"/> (never longer); returns how many bytes it put there.</summary>
    private async ValueTask<int> ProcessAsync(ReadOnlyMemory<byte> input, Memory<byte> output, CancellationToken ct)
    {
        var produced = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input.Span[i];
            switch (_mode)
            {
                case Mode.Command:
                    _lineBytes = b == (byte)'\n' ? 0 : _lineBytes + 1;
                    if (_lineBytes > MaxCommandLineBytes)
                    {
                        await inner.WriteAsync(LineTooLong, ct);
                        _closed = true;
                        return produced;
                    }

                    output.Span[produced++] = b;
                    break;
                case Mode.Content:
                    _contentBytes++;
                    var matched = Advance(_matched, b);
                    // The limit counts the message; the ".CRLF" that ends it is not part of it.
                    if (_contentBytes > maxMessageBytes + 3)
                    {
                        _mode = Mode.Discard;
                        _handedMatched = _matched;
                        _matched = matched;
                        break;
                    }

                    _matched = matched;
                    output.Span[produced++] = b;
                    if (_matched == EndOfData.Length)
                    {
                        ToCommands();
                    }

                    break;
                case Mode.Discard:
                    _matched = Advance(_matched, b);
                    if (_matched == EndOfData.Length)
                    {
                        // Hand the library the rest of an end marker after what it has, then what followed the message.
                        _pendingOut = EndOfData[_handedMatched..];
                        _carry = [.. input.Span[(i + 1)..], .. _carry];
                        _oversized = true;
                        ToCommands();
                        return produced;
                    }

                    break;
            }
        }

        return produced;
    }

    private void ToCommands()
    {
        _mode = Mode.Command;
        _lineBytes = 0;
        _matched = 0;
    }

    /// <summary>The next state of matching CRLF.CRLF after <paramref name="b"/> (a partial match may restart on CR).</summary>
    private static int Advance(int matched, byte b) =>
        b == EndOfData[matched] ? matched + 1 : b == (byte)'\r' ? 1 : 0;

    /// <summary>Notices a <c>354</c> reply (go ahead with the message): what the client sends next is content.</summary>
    private void WatchReplies(ReadOnlySpan<byte> written)
    {
        foreach (var b in written)
        {
            if (b == (byte)'\n')
            {
                _replyPosition = 0;
                _replyIs354 = true;
                continue;
            }

            if (_replyPosition < 3)
            {
                _replyIs354 &= b == "354"u8[_replyPosition];
                if (++_replyPosition == 3 && _replyIs354)
                {
                    _mode = Mode.Content;
                    _contentBytes = 0;
                    _matched = 0;
                }
            }
        }
    }
}
