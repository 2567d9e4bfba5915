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

    private readonly ReadsInMemory _values = new(20_000);

    public async Task<T> GetAsync<T>(string kind, object key, TimeSpan maxAge, Func<Task<T>> read)
    {
        if (maxAge <= TimeSpan.Zero)
        {
            return await read();
        }

        // The read time is checked against each caller's own maximum age, whoever kept the value.
        Read<T>? refreshing = null;
        if (_values.TryGet<Read<T>>((kind, key), out var known) && time.GetElapsedTime(known.At) is var age && age <= maxAge)
        {
            // After half its age, one caller reads the value again and the others keep taking this one while it does:
            // a database that pauses then holds up that one request, not every request that arrives meanwhile.
            if (age < maxAge * RefreshAfter || !known.ClaimRefresh())
            {
                return known.Value;
            }

            refreshing = known;
        }

        var begun = _values.Begin();
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

        // The age is checked on every read; twice the age only clears what nobody asks for any more. A refresh that is
        // not kept gives its claim back, or the value it meant to replace would never be refreshed again.
        if (!_values.Keep((kind, key), new Read<T>(value, at), at, begun, maxAge * 2, r => r.At))
        {
            refreshing?.ReleaseRefresh();
        }

        return value;
    }

    public void Forget(string kind, object key) => _values.Forget((kind, key));

    public void Dispose() => _values.Dispose();

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
