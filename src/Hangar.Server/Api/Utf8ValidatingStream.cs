using System.Text.Unicode;
using Hangar.Core.Errors;

namespace Hangar.Server;

/// <summary>
/// Reads a request body through and refuses it (400 <c>invalid_json</c>) at the first byte that is not UTF-8, as the
/// bytes arrive: nothing is buffered, and a character split between two reads is checked when its end comes. JSON
/// readers do not check the UTF-8 of what they pass on (a payload kept as raw JSON, a property they skip), and a
/// decoder would turn bad bytes into U+FFFD, so the check happens here, below both.
/// </summary>
public sealed class Utf8ValidatingStream(Stream inner) : Stream
{
    /// <summary>The start of a character the last read ended inside (at most 3 bytes of 4).</summary>
    private readonly byte[] _pending = new byte[4];
    private int _pendingCount;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary><paramref name="body"/> checked as it is read (once: a body checked already is returned as it is).</summary>
    public static Stream Over(Stream body) => body as Utf8ValidatingStream ?? new Utf8ValidatingStream(body);

    public static HangarException InvalidUtf8() =>
        HangarException.Invalid("invalid_json", "The body is not valid UTF-8; JSON bodies must be UTF-8.");

    public override int Read(byte[] buffer, int offset, int count) => Check(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Check(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Check(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Checks the bytes just read (the end of the body when there are none) and passes their count on.</summary>
    private int Check(ReadOnlySpan<byte> read)
    {
        _position += read.Length;
        if (read.IsEmpty)
        {
            return _pendingCount == 0 ? 0 : throw InvalidUtf8();
        }

        var rest = read;
        if (_pendingCount > 0)
        {
            // Complete the character the previous read ended inside, from the front of this one.
            var take = Math.Min(SequenceLength(_pending[0]) - _pendingCount, rest.Length);
            rest[..take].CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += take;
            rest = rest[take..];
            if (_pendingCount < SequenceLength(_pending[0]))
            {
                return read.Length;
            }

            if (!Utf8.IsValid(_pending.AsSpan(0, _pendingCount)))
            {
                throw InvalidUtf8();
            }

            _pendingCount = 0;
        }

        var cut = IncompleteTail(rest);
        if (!Utf8.IsValid(rest[..^cut]))
        {
            throw InvalidUtf8();
        }

        rest[^cut..].CopyTo(_pending);
        _pendingCount = cut;
        return read.Length;
    }

    /// <summary>How many bytes at the end start a character that continues in the next read (0 when none does).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            return SequenceLength(b) > back ? back : 0;
        }

        return 0;
    }

    /// <summary>The length a lead byte announces; invalid lead bytes count as complete, so the check refuses them.</summary>
    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xF0 and <= 0xF4 => 4,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xC2 and <= 0xDF => 2,
        _ => 1,
    };
}
