using System.Buffers.Binary;
using System.Text;

namespace Hangar.Core.Tests;

/// <summary>Edits a zip's headers in place, to build zips that lie about their contents.</summary>
internal static class ZipHeaders
{
    private const uint LocalHeader = 0x04034b50;
    private const uint CentralHeader = 0x02014b50;

    /// <summary>Sets the declared unpacked size of <paramref name="name"/> in its local and central headers; returns the new size.</summary>
    public static int SetUncompressedSize(byte[] zip, string name, int size)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == LocalHeader && Matches(zip, i + 30, BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 26)), nameBytes))
            {
                BinaryPrimitives.WriteInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
            else if (signature == CentralHeader && Matches(zip, i + 46, BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28)), nameBytes))
            {
                BinaryPrimitives.WriteInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
        }

        return size;
    }

    private static bool Matches(byte[] zip, int at, int length, byte[] name) =>
        length == name.Length && at + length <= zip.Length && zip.AsSpan(at, length).SequenceEqual(name);
}
