using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Lethe.Requests.Answers;

/// <summary>
/// Encrypts an answer package at rest with AES-256-GCM under a key of its own, in 64 KiB chunks so a large package never
/// sits in memory. Each chunk's nonce is its number, with a flag on the last one, so chunks cannot be reordered,
/// dropped or cut off without the tag failing (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár).
/// </summary>
public static class PackageCipher
{
    public const int ChunkSize = 64 * 1024;
    private const int TagSize = 16;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static async Task EncryptAsync(Stream plain, Stream cipher, byte[] key, CancellationToken ct)
    {
        using var aes = new AesGcm(key, TagSize);
        var current = new byte[ChunkSize];
        var next = new byte[ChunkSize];
        var currentLength = await FillAsync(plain, current, ct);
        var output = new byte[ChunkSize];
        var tag = new byte[TagSize];
        for (long index = 0; ; index++)
        {
            var nextLength = currentLength == ChunkSize ? await FillAsync(plain, next, ct) : 0;
            var last = nextLength == 0;
            aes.Encrypt(Nonce(index, last), current.AsSpan(0, currentLength), output.AsSpan(0, currentLength), tag);
            await cipher.WriteAsync(output.AsMemory(0, currentLength), ct);
            await cipher.WriteAsync(tag, ct);
            if (last)
            {
                return;
            }

            (current, next) = (next, current);
            currentLength = nextLength;
        }
    }

    /// <exception cref="AuthenticationTagMismatchException">The file was changed, cut short or is not under this key.</exception>
    public static async Task DecryptAsync(Stream cipher, Stream plain, byte[] key, CancellationToken ct)
    {
        using var aes = new AesGcm(key, TagSize);
        var current = new byte[ChunkSize + TagSize];
        var next = new byte[ChunkSize + TagSize];
        var currentLength = await FillAsync(cipher, current, ct);
        var output = new byte[ChunkSize];
        for (long index = 0; ; index++)
        {
            var nextLength = currentLength == current.Length ? await FillAsync(cipher, next, ct) : 0;
            var last = nextLength == 0;
            if (currentLength < TagSize)
            {
                throw new AuthenticationTagMismatchException("The package is cut short.");
            }

            var length = currentLength - TagSize;
            aes.Decrypt(Nonce(index, last), current.AsSpan(0, length), current.AsSpan(length, TagSize), output.AsSpan(0, length));
            await plain.WriteAsync(output.AsMemory(0, length), ct);
            if (last)
            {
                return;
            }

            (current, next) = (next, current);
            currentLength = nextLength;
        }
    }

    private static byte[] Nonce(long index, bool last)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteInt64BigEndian(nonce, index);
        nonce[11] = last ? (byte)1 : (byte)0;
        return nonce;
    }

    private static async Task<int> FillAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), ct);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
