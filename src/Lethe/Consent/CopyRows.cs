using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Lethe.Consent;

/// <summary>
/// Rows in PostgreSQL's binary <c>COPY</c> format (the "Binary Format" section of the <c>COPY</c> reference), written
/// into a pooled buffer by whichever thread builds them, so the thread that owns the connection only streams bytes.
/// Npgsql's <c>NpgsqlBinaryImporter</c> writes the same bytes, but a column at a time through an awaited call on the
/// connection's thread: for the consent log that was as much work as building the events, on the path PostgreSQL
/// waits on. Only the types the consent log stores, each in its binary send format: uuid, text, int4, bool, timestamptz.
/// </summary>
internal sealed class CopyRows : IDisposable
{
    /// <summary>The signature, no flags and an empty header extension: what a binary <c>COPY</c> stream starts with.</summary>
    public static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>A field count of -1: what a binary <c>COPY</c> stream ends with.</summary>
    public static readonly byte[] Trailer = [0xFF, 0xFF];

    /// <summary>As Npgsql encodes: text that is not valid UTF-16 (a lone surrogate) is refused, not stored altered.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>PostgreSQL counts timestamps in microseconds from 2000-01-01 UTC.</summary>
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private byte[] _buffer;
    private int _written;
    private bool _disposed;

    public CopyRows(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlyMemory<byte> Written => _disposed ? throw new ObjectDisposedException(nameof(CopyRows)) : _buffer.AsMemory(0, _written);

    public void StartRow(short fields) => BinaryPrimitives.WriteInt16BigEndian(Take(2), fields);

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

    public void Uuid(Guid value)
    {
        var field = Take(4 + 16);
        BinaryPrimitives.WriteInt32BigEndian(field, 16);
        // PostgreSQL's uuid is the RFC 9562 byte order, not .NET's little-endian first three groups.
        value.TryWriteBytes(field[4..], bigEndian: true, out _);
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        Ensure(4 + Utf8.GetMaxByteCount(value.Length));
        var field = _buffer.AsSpan(_written);
        var length = Utf8.GetBytes(value, field[4..]);
        BinaryPrimitives.WriteInt32BigEndian(field, length);
        _written += 4 + length;
    }

    /// <summary>Text already encoded as UTF-8.</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        var field = Take(4 + utf8.Length);
        BinaryPrimitives.WriteInt32BigEndian(field, utf8.Length);
        utf8.CopyTo(field[4..]);
    }

    public void Int(int? value)
    {
        if (value is not { } v)
        {
            Null();
            return;
        }

        var field = Take(4 + 4);
        BinaryPrimitives.WriteInt32BigEndian(field, 4);
        BinaryPrimitives.WriteInt32BigEndian(field[4..], v);
    }

    public void Bool(bool value)
    {
        var field = Take(4 + 1);
        BinaryPrimitives.WriteInt32BigEndian(field, 1);
        field[4] = value ? (byte)1 : (byte)0;
    }

    /// <param name="value">In UTC, as Npgsql also insists for timestamptz: any other kind would be stored shifted.</param>
    public void TimestampTz(DateTime value)
    {
        if (value.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"A timestamptz is written from a UTC DateTime, not {value.Kind}.", nameof(value));
        }

        var field = Take(4 + 8);
        BinaryPrimitives.WriteInt32BigEndian(field, 8);
        // Whole microseconds, truncated as Npgsql truncates them.
        BinaryPrimitives.WriteInt64BigEndian(field[4..], (value.Ticks - PostgresEpochTicks) / 10);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // The rows hold keyed hashes and receipts: pseudonymous, but nothing the next renter of the array should find.
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        (_buffer, _written, _disposed) = ([], 0, true);
    }

    private Span<byte> Take(int size)
    {
        Ensure(size);
        var span = _buffer.AsSpan(_written, size);
        _written += size;
        return span;
    }

    private void Ensure(int needed)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = bigger;
    }
}
