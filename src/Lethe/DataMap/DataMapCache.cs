using Microsoft.Extensions.Caching.Memory;

namespace Lethe.DataMap;

/// <summary>
/// Data maps already read, by revision id. A stored revision never changes, so an entry is never stale; what changes
/// is which revision is in force, and <see cref="DataMapCommands"/> asks the database for that on every call. Reading
/// and validating the YAML takes milliseconds, which the banner and the consent state cannot spend on every request.
/// </summary>
public sealed class DataMapCache : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 512 });

    public DataMapInForce? Find(Guid revisionId) => _entries.TryGetValue(revisionId, out DataMapInForce? found) ? found : null;

    public void Keep(DataMapInForce inForce) =>
        _entries.Set(inForce.Revision.Id, inForce, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });

    public void Dispose() => _entries.Dispose();
}
