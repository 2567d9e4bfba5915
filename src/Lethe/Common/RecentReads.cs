using Microsoft.Extensions.Caching.Memory;

namespace Lethe.Common;

/// <summary>
/// Values that hot read paths (API reads, the consent banner and state) may take from memory when they were read at
/// most a few seconds ago: a tenant by its slug, which data map revision is in force, which notice is the newest. The command that changes
/// such a value forgets it here, so this server sees its own changes at once; other servers within the caller's
/// maximum age.
/// </summary>
public sealed class RecentReads(TimeProvider time) : IDisposable
{
    private readonly MemoryCache _values = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public async Task<T> GetAsync<T>(string kind, object key, TimeSpan maxAge, Func<Task<T>> read)
    {
        // The read time is checked against each caller's own maximum age: the entry's expiry is the age of whoever read it.
        if (maxAge > TimeSpan.Zero && _values.TryGetValue((kind, key), out Read<T>? known) && time.GetElapsedTime(known!.At) <= maxAge)
        {
            return known.Value;
        }

        var at = time.GetTimestamp();
        var value = await read();
        if (maxAge > TimeSpan.Zero)
        {
            _values.Set((kind, key), new Read<T>(value, at), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = maxAge });
        }

        return value;
    }

    private sealed record Read<T>(T Value, long At);

    public void Forget(string kind, object key) => _values.Remove((kind, key));

    public void Dispose() => _values.Dispose();
}
