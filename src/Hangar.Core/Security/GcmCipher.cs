using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hangar.Core.Security;

/// <summary>
/// AES-GCM (NIST SP 800-38D) for nonces of any length. .NET's <see cref="AesGcm"/> takes only 96-bit nonces, but
/// Robocorp's vault clients use others: they decrypt with the 32-byte hex text of a 16-byte iv as the nonce and
/// encrypt with the 16 raw bytes. Any nonce other than 96 bits derives the first counter block J0 through GHASH,
/// which is what this class adds; the block cipher is .NET's AES (one ECB call per chunk of counter blocks).
/// GHASH multiplies without branches or tables on secret data, so its timing does not depend on H or the data.
/// Encrypt and Decrypt have <see cref="AesGcm"/>'s signatures; the output may be the input span itself but must not
/// otherwise overlap it.
/// </summary>
public sealed class GcmCipher : IDisposable
{
    public const int BlockSize = 16;
    public const int MinTagSize = 12;
    public const int MaxTagSize = 16;

    /// <summary>Counter blocks encrypted per ECB call: large enough to amortise the call, small enough for the stack.</summary>
    private const int ChunkBlocks = 64;

    /// <summary>The reduction constant of GF(2^128) in GCM's bit order: 11100001 followed by 120 zero bits.</summary>
    private const ulong R = 0xE100000000000000UL;

    private readonly Aes _aes;
    private readonly ulong _hHi;
    private readonly ulong _hLo;

    public GcmCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new CryptographicException("An AES key must be 16, 24 or 32 bytes.");
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        Span<byte> h = stackalloc byte[BlockSize];
        _aes.EncryptEcb(h, h, PaddingMode.None);
        _hHi = BinaryPrimitives.ReadUInt64BigEndian(h);
        _hLo = BinaryPrimitives.ReadUInt64BigEndian(h[8..]);
        CryptographicOperations.ZeroMemory(h);
    }

    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData = default)
    {
        CheckSizes(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        Span<byte> j0 = stackalloc byte[BlockSize];
        DeriveJ0(nonce, j0);
        Ctr(j0, plaintext, ciphertext);
        ComputeTag(j0, associatedData, ciphertext, tag);
    }

    /// <summary>Checks the tag first (in constant time) and decrypts only when it matches.</summary>
    public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData = default)
    {
        CheckSizes(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        Span<byte> j0 = stackalloc byte[BlockSize];
        DeriveJ0(nonce, j0);
        Span<byte> expected = stackalloc byte[MaxTagSize];
        ComputeTag(j0, associatedData, ciphertext, expected[..tag.Length]);
        if (!CryptographicOperations.FixedTimeEquals(expected[..tag.Length], tag))
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new AuthenticationTagMismatchException();
        }

        Ctr(j0, ciphertext, plaintext);
    }

    public void Dispose() => _aes.Dispose();

    private static void CheckSizes(ReadOnlySpan<byte> nonce, int inputLength, int outputLength, int tagLength)
    {
        if (nonce.IsEmpty)
        {
            throw new ArgumentException("The nonce must not be empty.", nameof(nonce));
        }

        if (inputLength != outputLength)
        {
            throw new ArgumentException("The output must be as long as the input.");
        }

        if (tagLength is < MinTagSize or > MaxTagSize)
        {
            throw new ArgumentException($"The tag must be {MinTagSize} to {MaxTagSize} bytes.");
        }
    }

    /// <summary>J0 = nonce || 0^31 || 1 for 96-bit nonces; otherwise GHASH(nonce, zero-padded, || 0^64 || bit length).</summary>
    private void DeriveJ0(ReadOnlySpan<byte> nonce, Span<byte> j0)
    {
        if (nonce.Length == 12)
        {
            nonce.CopyTo(j0);
            BinaryPrimitives.WriteUInt32BigEndian(j0[12..], 1);
            return;
        }

        ulong yHi = 0, yLo = 0;
        Absorb(ref yHi, ref yLo, nonce);
        Mix(ref yHi, ref yLo, 0, (ulong)nonce.Length * 8);
        BinaryPrimitives.WriteUInt64BigEndian(j0, yHi);
        BinaryPrimitives.WriteUInt64BigEndian(j0[8..], yLo);
    }

    /// <summary>Counter mode from inc32(J0): the last 32 bits of the counter block count, wrapping, as GCM specifies.</summary>
    private void Ctr(ReadOnlySpan<byte> j0, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Span<byte> counters = stackalloc byte[ChunkBlocks * BlockSize];
        Span<byte> stream = stackalloc byte[ChunkBlocks * BlockSize];
        var counter = BinaryPrimitives.ReadUInt32BigEndian(j0[12..]);
        for (var offset = 0; offset < input.Length; offset += counters.Length)
        {
            var length = Math.Min(counters.Length, input.Length - offset);
            var blocks = (length + BlockSize - 1) / BlockSize;
            for (var b = 0; b < blocks; b++)
            {
                var block = counters.Slice(b * BlockSize, BlockSize);
                j0[..12].CopyTo(block);
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], unchecked(++counter));
            }

            _aes.EncryptEcb(counters[..(blocks * BlockSize)], stream, PaddingMode.None);
            for (var i = 0; i < length; i++)
            {
                output[offset + i] = (byte)(input[offset + i] ^ stream[i]);
            }
        }

        CryptographicOperations.ZeroMemory(stream);
    }

    /// <summary>Tag = MSB_t(E(J0) xor GHASH(A padded || C padded || [len(A)]64 || [len(C)]64)).</summary>
    private void ComputeTag(ReadOnlySpan<byte> j0, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        ulong sHi = 0, sLo = 0;
        Absorb(ref sHi, ref sLo, associatedData);
        Absorb(ref sHi, ref sLo, ciphertext);
        Mix(ref sHi, ref sLo, (ulong)associatedData.Length * 8, (ulong)ciphertext.Length * 8);
        Span<byte> full = stackalloc byte[BlockSize];
        _aes.EncryptEcb(j0, full, PaddingMode.None);
        BinaryPrimitives.WriteUInt64BigEndian(full, BinaryPrimitives.ReadUInt64BigEndian(full) ^ sHi);
        BinaryPrimitives.WriteUInt64BigEndian(full[8..], BinaryPrimitives.ReadUInt64BigEndian(full[8..]) ^ sLo);
        full[..tag.Length].CopyTo(tag);
        CryptographicOperations.ZeroMemory(full);
    }

    /// <summary>GHASH over <paramref name="data"/>, its last partial block padded with zeros.</summary>
    private void Absorb(ref ulong yHi, ref ulong yLo, ReadOnlySpan<byte> data)
    {
        var whole = data.Length / BlockSize * BlockSize;
        for (var i = 0; i < whole; i += BlockSize)
        {
            Mix(ref yHi, ref yLo, BinaryPrimitives.ReadUInt64BigEndian(data[i..]), BinaryPrimitives.ReadUInt64BigEndian(data[(i + 8)..]));
        }

        if (whole < data.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            data[whole..].CopyTo(last);
            Mix(ref yHi, ref yLo, BinaryPrimitives.ReadUInt64BigEndian(last), BinaryPrimitives.ReadUInt64BigEndian(last[8..]));
        }
    }

    /// <summary>One GHASH step: Y = (Y xor X) · H.</summary>
    private void Mix(ref ulong yHi, ref ulong yLo, ulong xHi, ulong xLo) => Multiply(yHi ^ xHi, yLo ^ xLo, _hHi, _hLo, out yHi, out yLo);

    /// <summary>
    /// X · Y in GF(2^128) with GCM's bit order (bit 0 is the most significant bit of the first byte), SP 800-38D
    /// algorithm 1, with masks instead of branches.
    /// </summary>
    internal static void Multiply(ulong xHi, ulong xLo, ulong yHi, ulong yLo, out ulong zHi, out ulong zLo)
    {
        ulong hi = 0, lo = 0, vHi = yHi, vLo = yLo;
        for (var i = 63; i >= 0; i--)
        {
            Step(ref hi, ref lo, ref vHi, ref vLo, 0UL - ((xHi >> i) & 1));
        }

        for (var i = 63; i >= 0; i--)
        {
            Step(ref hi, ref lo, ref vHi, ref vLo, 0UL - ((xLo >> i) & 1));
        }

        zHi = hi;
        zLo = lo;
    }

    private static void Step(ref ulong zHi, ref ulong zLo, ref ulong vHi, ref ulong vLo, ulong take)
    {
        zHi ^= vHi & take;
        zLo ^= vLo & take;
        var carry = 0UL - (vLo & 1);
        vLo = (vLo >> 1) | (vHi << 63);
        vHi = (vHi >> 1) ^ (R & carry);
    }
}
