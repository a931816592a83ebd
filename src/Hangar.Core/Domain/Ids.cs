using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hangar.Core.Domain;

/// <summary>
/// Identifiers are UUID version 7 strings: unique without coordination between nodes, and time-ordered, so ordering
/// by id is ordering by creation and keyset pagination needs no second column. Within one process they are strictly
/// increasing (RFC 9562, method 1: a 12-bit counter in <c>rand_a</c> for ids made in the same millisecond), which
/// <see cref="Guid.CreateVersion7()"/> does not promise.
/// </summary>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    public static string New() => NewAt(DateTimeOffset.UtcNow);

    /// <summary>An id for <paramref name="time"/>; never smaller than the previous id of this process.</summary>
    public static string NewAt(DateTimeOffset time)
    {
        long milliseconds;
        int counter;
        lock (Gate)
        {
            milliseconds = time.ToUnixTimeMilliseconds();
            if (milliseconds > _lastMilliseconds)
            {
                _lastMilliseconds = milliseconds;
                // Start low in the counter's range, leaving room for many ids in the same millisecond.
                _counter = RandomNumberGenerator.GetInt32(0, 0x400);
            }
            else if (++_counter > 0xFFF)
            {
                _lastMilliseconds++;
                _counter = 0;
            }

            milliseconds = _lastMilliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString();
    }

    public static bool IsWellFormed(string? id) => id is { Length: 36 } && Guid.TryParseExact(id, "D", out _);
}
