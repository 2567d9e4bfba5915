using Microsoft.Extensions.Caching.Memory;

namespace Lethe.Common;

/// <summary>
/// Values that hot read paths (API reads, the consent banner and state) may take from memory when they were read at
/// most a few seconds ago: a tenant by its slug, which data map revision is in force, which notice is the newest. The command that changes
/// such a value forgets it here, so this server sees its own changes at once; other servers within the caller's
/// maximum age. No caller is given a value older than its maximum age.
/// </summary>
public sealed class RecentReads(TimeProvider time) : IDisposable
{
    /// <summary>The share of a caller's maximum age after which one caller reads the value again while others keep taking it.</summary>
    private const double RefreshAfter = 0.5;

    private readonly MemoryCache _values = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    // Counts Forget calls: a read that began before one must not put back what the change made out of date.
    private long _forgotten;

    public async Task<T> GetAsync<T>(string kind, object key, TimeSpan maxAge, Func<Task<T>> read)
    {
        if (maxAge <= TimeSpan.Zero)
        {
            return await read();
        }

        // The read time is checked against each caller's own maximum age, whoever kept the value.
        Read<T>? refreshing = null;
        if (_values.TryGetValue((kind, key), out Read<T>? known) && time.GetElapsedTime(known!.At) is var age && age <= maxAge)
        {
            // After half its age, one caller reads the value again and the others keep taking this one while it does:
            // a database that pauses then holds up that one request, not every request that arrives meanwhile.
            if (age < maxAge * RefreshAfter || !known.ClaimRefresh())
            {
                return known.Value;
            }

            refreshing = known;
        }

        var forgotten = Interlocked.Read(ref _forgotten);
        var at = time.GetTimestamp();
        T value;
        try
        {
            value = await read();
        }
        catch
        {
            refreshing?.ReleaseRefresh();
            throw;
        }

        Keep((kind, key), new Read<T>(value, at), forgotten, maxAge);
        return value;
    }

    public void Forget(string kind, object key)
    {
        Interlocked.Increment(ref _forgotten);
        _values.Remove((kind, key));
    }

    public void Dispose() => _values.Dispose();

    private void Keep<T>((string, object) key, Read<T> read, long forgotten, TimeSpan maxAge)
    {
        // A read that began before a newer one finished says nothing the newer one does not.
        if (Interlocked.Read(ref _forgotten) != forgotten || (_values.TryGetValue(key, out Read<T>? kept) && kept!.At > read.At))
        {
            return;
        }

        // The age is checked on every read; the cache's own expiry only clears what nobody asks for any more.
        _values.Set(key, read, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = maxAge * 2 });
        // Forget increments, then removes: a Forget between the check above and the Set must not leave the value behind.
        Interlocked.MemoryBarrier();
        if (Interlocked.Read(ref _forgotten) != forgotten)
        {
            _values.Remove(key);
        }
    }

    private sealed class Read<T>(T value, long at)
    {
        private int _refreshing;

        public T Value { get; } = value;

        public long At { get; } = at;

        /// <summary>True for the one caller that reads the value again.</summary>
        public bool ClaimRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

        public void ReleaseRefresh() => Volatile.Write(ref _refreshing, 0);
    }
}
