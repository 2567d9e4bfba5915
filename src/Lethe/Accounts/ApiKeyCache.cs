using Microsoft.Extensions.Caching.Memory;

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

    private readonly MemoryCache _keys = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <summary>The key kept for this hash, if it was read less than <see cref="Lifetime"/> ago.</summary>
    public Entry? Find(string secretHash) =>
        _keys.TryGetValue(secretHash, out Entry? entry) && time.GetElapsedTime(entry!.KeptAt) <= Lifetime ? entry : null;

    public Entry Keep(ApiKey key)
    {
        var entry = new Entry(key, time);
        _keys.Set(key.SecretHash, entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return entry;
    }

    public void Forget(string secretHash) => _keys.Remove(secretHash);

    public void Dispose() => _keys.Dispose();

    /// <summary>A key as read (never changed after) and when this process last recorded its use.</summary>
    public sealed class Entry(ApiKey key, TimeProvider time)
    {
        private long _lastUsedTicks = key.LastUsedAt?.Ticks ?? 0;
        private int _refreshing;

        public ApiKey Key { get; } = key;

        internal long KeptAt { get; } = time.GetTimestamp();

        /// <summary>True for the one caller that reads the key again, once it has been kept for half its lifetime.</summary>
        public bool ClaimRefresh() => time.GetElapsedTime(KeptAt) >= Lifetime / 2 && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

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
