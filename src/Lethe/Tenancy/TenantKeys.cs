using Lethe.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace Lethe.Tenancy;

/// <summary>
/// Each tenant's secret (<see cref="TenantSecrets"/>), read from the database once and then kept for a while: it never
/// changes once made, and the consent banner, the consent state and the suppression check derive their keys from it
/// on every call.
/// </summary>
public sealed class TenantKeys(TimeProvider time) : IDisposable
{
    private readonly MemoryCache _secrets = new(new MemoryCacheOptions { SizeLimit = 4096 });

    public async Task<byte[]> SecretAsync(LetheDbContext db, Guid tenantId, CancellationToken ct)
    {
        if (_secrets.TryGetValue(tenantId, out byte[]? secret))
        {
            return secret!;
        }

        secret = await TenantSecrets.HashKeyAsync(db, tenantId, time, ct);
        // Not for ever: a deleted tenant's secret should not stay in memory.
        _secrets.Set(tenantId, secret, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return secret;
    }

    public void Dispose() => _secrets.Dispose();
}
