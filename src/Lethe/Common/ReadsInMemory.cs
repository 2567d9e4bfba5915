using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;

namespace Lethe.Common;

/// <summary>
/// Values read from the database and kept in memory, for the caches whose values a command of this server can change
/// (<see cref="RecentReads"/>, <see cref="Accounts.ApiKeyCache"/>): a read that began before a <see cref="Forget"/> is
/// not kept, since it could put back what the change made out of date (a revoked key, working again). A read that
/// began before the one kept already is not kept either, as far as a check before the store can tell (two stores at
/// the same moment may leave either; each carries its own start, so no caller is given one too old). How old a value
/// may be is the caller's to check, on every read, from the timestamp its read began; the cache's own expiry only
/// clears what nobody asks for any more.
/// </summary>
public sealed class ReadsInMemory(long sizeLimit) : IDisposable
{
    private readonly MemoryCache _values = new(new MemoryCacheOptions { SizeLimit = sizeLimit });

    // Counts Forget calls, for reads to compare before and after.
    private long _forgotten;

    /// <summary>Taken before the database is asked, for <see cref="Keep"/>.</summary>
    public long Begin() => Interlocked.Read(ref _forgotten);

    public bool TryGet<T>(object key, [NotNullWhen(true)] out T? value) where T : class => _values.TryGetValue(key, out value);

    /// <summary>
    /// Keeps <paramref name="value"/>, whose read began at <paramref name="readAt"/> (a <see cref="TimeProvider"/>
    /// timestamp) when <see cref="Begin"/> gave <paramref name="begun"/>, unless something was forgotten since or a read
    /// that began later is kept already. False when it was not kept.
    /// </summary>
    public bool Keep<T>(object key, T value, long readAt, long begun, TimeSpan expiry, Func<T, long> readAtOf) where T : class
    {
        if (Begin() != begun || (TryGet<T>(key, out var kept) && readAtOf(kept) > readAt))
        {
            return false;
        }

        _values.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = expiry });
        // Forget counts, then removes: one between the check above and the Set must not leave the value behind, so the
        // Set must be visible before the count is read again. Only this value goes: one read after the Forget may stay.
        Interlocked.MemoryBarrier();
        if (Begin() == begun)
        {
            return true;
        }

        if (TryGet<T>(key, out var now) && ReferenceEquals(now, value))
        {
            _values.Remove(key);
        }

        return false;
    }

    public void Forget(object key)
    {
        Interlocked.Increment(ref _forgotten);
        _values.Remove(key);
    }

    public void Dispose() => _values.Dispose();
}
