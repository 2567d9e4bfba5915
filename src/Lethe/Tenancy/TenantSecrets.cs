using System.Security.Cryptography;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Tenancy;

/// <summary>Reads a tenant's secret for keyed hashes, making it on first use; erasure and retention share it.</summary>
public static class TenantSecrets
{
    public static async Task<byte[]> HashKeyAsync(LetheDbContext db, Guid tenantId, TimeProvider time, CancellationToken ct)
    {
        if (await db.TenantSecrets.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == tenantId, ct) is { } existing)
        {
            return existing.HashKey;
        }

        // Saved before any datastore uses it: a hash written with a key Lethe then lost could never be matched again. Two
        // workers making it at once both keep the one stored first; nothing else pending in the caller's unit of work is
        // saved with it.
        var candidate = RandomNumberGenerator.GetBytes(32);
        var now = time.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO tenant_secrets ("TenantId", "HashKey", "CreatedAt") VALUES ({tenantId}, {candidate}, {now}) ON CONFLICT ("TenantId") DO NOTHING""", ct);
        return (await db.TenantSecrets.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.TenantId == tenantId, ct)).HashKey;
    }
}
