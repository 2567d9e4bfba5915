using Lethe.Common;

namespace Lethe.Accounts;

/// <summary>
/// Keys recently authenticated, by the hash of their secret, for <see cref="Lifetime"/>: an API client calling a
/// thousand times a second should not cost a thousand lookups. A key revoked in this process is forgotten at once; a
/// key revoked through another server stops working here within <see cref="Lifetime"/>. Expiry is checked on every
/// call. Unknown secrets are never kept, so guessing cannot fill the cache. Half-way through its lifetime one caller
/// reads a key again while the others go on with the kept one (<see cref="Entry.ClaimRefresh"/>), so a database that
/// pauses then holds up one request, not every request that arrives meanwhile.
/// </summary>
public sealed class ApiKeyCache(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    private readonly ReadsInMemory _keys = new(10_000);

    /// <summary>The key kept for this hash, if it was read at most <see cref="Lifetime"/> ago.</summary>
    public Entry? Find(string secretHash) =>
        _keys.TryGet<Entry>(secretHash, out var entry) && time.GetElapsedTime(entry.ReadAt) <= Lifetime ? entry : null;

    /// <summary>Taken before the database is asked, for <see cref="Keep"/>.</summary>
    public Lookup Begin() => new(time.GetTimestamp(), _keys.Begin());

    /// <summary>
    /// The key as read by <paramref name="lookup"/>, kept unless a key was forgotten since it began (or a newer read
    /// is kept already); the entry is for this caller either way. When it is not kept, the entry it was meant to
    /// replace (<paramref name="refreshing"/>) gives its claim back, so that it is read again later.
    /// </summary>
    public Entry Keep(ApiKey key, Lookup lookup, Entry? refreshing = null)
    {
        var entry = new Entry(key, lookup.At, time);
        // The age is checked on every Find; twice the lifetime only clears what nobody asks for any more.
        if (!_keys.Keep(key.SecretHash, entry, lookup.At, lookup.Begun, Lifetime * 2, e => e.ReadAt))
        {
            refreshing?.ReleaseRefresh();
        }

        return entry;
    }

    public void Forget(string secretHash) => _keys.Forget(secretHash);

    public void Dispose() => _keys.Dispose();

    /// <summary>When a lookup began (a <see cref="TimeProvider"/> timestamp), and what <see cref="ReadsInMemory.Begin"/> said then.</summary>
    public readonly record struct Lookup(long At, long Begun);

    /// <summary>A key as read (never changed after) and when this process last recorded its use.</summary>
    public sealed class Entry(ApiKey key, long readAt, TimeProvider time)
    {
        private long _lastUsedTicks = key.LastUsedAt?.Ticks ?? 0;
        private int _refreshing;

        public ApiKey Key { get; } = key;

        /// <summary>When the lookup that read it began (a <see cref="TimeProvider"/> timestamp): its age counts from then.</summary>
        internal long ReadAt { get; } = readAt;

        /// <summary>True for the one caller that reads the key again, once it has been kept for half its lifetime.</summary>
        public bool ClaimRefresh() => time.GetElapsedTime(ReadAt) >= Lifetime / 2 && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

        /// <summary>The read again failed: the next caller may try.</summary>
        public void ReleaseRefresh() => Volatile.Write(ref _refreshing, 0);

        /// <summary>True for the one caller that should write the new last-used time.</summary>
        public bool ClaimUse(DateTime now, TimeSpan resolution)
        {
            var last = Interlocked.Read(ref _lastUsedTicks);
            return now.Ticks - last > resolution.Ticks && Interlocked.CompareExchange(ref _lastUsedTicks, now.Ticks, last) == last;
        }
    }
}
