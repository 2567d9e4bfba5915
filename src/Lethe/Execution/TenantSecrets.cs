using System.Security.Cryptography;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Execution;

/// <summary>Reads a tenant's secret for keyed hashes, making it on first use; erasure and retention share it.</summary>
public static class TenantSecrets
{
    public static async Task<byte[]> HashKeyAsync(LetheDbContext db, Guid tenantId, TimeProvider time, CancellationToken ct)
    {
        if (await db.TenantSecrets.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == tenantId, ct) is { } existing)
        {
            return existing.HashKey;
        }

        var secret = new TenantSecret { TenantId = tenantId, HashKey = RandomNumberGenerator.GetBytes(32), CreatedAt = time.GetUtcNow().UtcDateTime };
        // Saved before any datastore uses it: a hash written with a key Lethe then lost could never be matched again.
        db.TenantSecrets.Add(secret);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another worker made it first; use theirs.
            db.Entry(secret).State = EntityState.Detached;
            return (await db.TenantSecrets.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.TenantId == tenantId, ct)).HashKey;
        }

        return secret.HashKey;
    }
}
