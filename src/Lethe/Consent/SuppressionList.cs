using System.Security.Cryptography;
using System.Text;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Consent;

/// <summary>The marketing suppression list of a tenant: adding people who objected or withdrew, and asking about addresses.</summary>
public sealed class SuppressionList(LetheDbContext db, TimeProvider time, TenantKeys keys)
{
    public const string Objection = "objection";
    public const string Withdrawal = "withdrawal";
    public const string Unsubscribe = "unsubscribe";

    /// <summary>
    /// Adds each e-mail address and phone number to the caller's unit of work (nothing is saved here), once.
    /// </summary>
    /// <returns>How many addresses were new to the list.</returns>
    public async Task<int> AddAsync(Tenant tenant, IEnumerable<(string Kind, string Value)> addresses, string reason, Guid? requestId, CancellationToken ct)
    {
        var key = await KeyAsync(tenant.Id, ct);
        var added = 0;
        foreach (var (kind, value) in addresses)
        {
            if (ContactAddress.Normalize(kind, value, tenant.Country) is not { } normalized)
            {
                continue;
            }

            var hash = Hash(key, normalized);
            var known = await db.SuppressionEntries.IgnoreQueryFilters().AnyAsync(e => e.TenantId == tenant.Id && e.Hash == hash, ct)
                || db.ChangeTracker.Entries<SuppressionEntry>().Any(e => e.Entity.TenantId == tenant.Id && e.Entity.Hash == hash);
            if (!known)
            {
                db.SuppressionEntries.Add(new SuppressionEntry
                {
                    TenantId = tenant.Id, Hash = hash, Kind = kind, Reason = reason, RequestId = requestId, CreatedAt = time.GetUtcNow().UtcDateTime,
                });
                added++;
            }
        }

        return added;
    }

    public async Task<bool> ContainsAsync(Tenant tenant, string kind, string value, CancellationToken ct)
    {
        if (ContactAddress.Normalize(kind, value, tenant.Country) is not { } normalized)
        {
            return false;
        }

        var hash = Hash(await KeyAsync(tenant.Id, ct), normalized);
        return await db.SuppressionEntries.IgnoreQueryFilters().AnyAsync(e => e.TenantId == tenant.Id && e.Hash == hash, ct);
    }

    /// <summary>How many addresses are on the list, per reason.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(Tenant tenant, CancellationToken ct) =>
        await db.SuppressionEntries.IgnoreQueryFilters().Where(e => e.TenantId == tenant.Id).GroupBy(e => e.Reason)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    public const int MaxCheck = 10_000;

    /// <summary>
    /// Which of up to <see cref="MaxCheck"/> addresses (e-mail or phone, in any common spelling) must not get marketing.
    /// </summary>
    /// <returns>For each address as given, whether it is suppressed; addresses that are neither e-mail nor phone are not.</returns>
    public async Task<IReadOnlyList<bool>> CheckAsync(Tenant tenant, IReadOnlyList<string> addresses, CancellationToken ct)
    {
        var key = await KeyAsync(tenant.Id, ct);
        var hashes = addresses.Select(a => ContactAddress.Normalize(a.Contains('@', StringComparison.Ordinal) ? "email" : "phone", a, tenant.Country) is { } n
            ? Hash(key, n) : null).ToList();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in hashes.OfType<string>().Distinct().Chunk(1000))
        {
            found.UnionWith(await db.SuppressionEntries.IgnoreQueryFilters()
                .Where(e => e.TenantId == tenant.Id && chunk.Contains(e.Hash)).Select(e => e.Hash).ToListAsync(ct));
        }

        return hashes.Select(h => h is not null && found.Contains(h)).ToList();
    }

    /// <summary>A key of its own, derived from the tenant secret, so suppression hashes never match erasure pseudonyms.</summary>
    private async Task<byte[]> KeyAsync(Guid tenantId, CancellationToken ct) =>
        HMACSHA256.HashData(await keys.SecretAsync(db, tenantId, ct), "lethe suppression list v1"u8);

    internal static string Hash(byte[] key, string normalized) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalized)));
}
