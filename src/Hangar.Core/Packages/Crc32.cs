namespace Hangar.Core.Packages;

/// <summary>
/// The zip format's CRC-32 (IEEE 802.3, reflected). Readers stop at the size an entry's header declares, so a header
/// that understates the size shows only as a checksum that does not match; the validator checks it.
/// </summary>
internal sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();
    private uint _value = 0xFFFFFFFFu;

    public uint Value => ~_value;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _value;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _value = crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
