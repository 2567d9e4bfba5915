using Lethe.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Lethe.Consent;

/// <summary>
/// Each tenant's key for consent subjects, read from the database once and then kept for a while: a tenant secret never
/// changes once made, and the banner and the state API need the key on every call.
/// </summary>
public sealed class ConsentKeys(TimeProvider time) : IDisposable
{
    private readonly MemoryCache _keys = new(new MemoryCacheOptions { SizeLimit = 4096 });

    public async Task<byte[]> GetAsync(LetheDbContext db, Guid tenantId, CancellationToken ct)
    {
        if (_keys.TryGetValue(tenantId, out byte[]? key))
        {
            return key!;
        }

        key = await ConsentSubject.TenantKeyAsync(db, tenantId, time, ct);
        // Not for ever: a deleted tenant's key should not stay in memory.
        _keys.Set(tenantId, key, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return key;
    }

    public void Dispose() => _keys.Dispose();
}
