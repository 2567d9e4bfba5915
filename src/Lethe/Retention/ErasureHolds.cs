using System.Text.Json;
using Lethe.Execution;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Retention;

/// <summary>
/// Whether a legal hold keeps a person's data in a datastore from an erasure request (Art. 17(3)(e): data needed for
/// legal claims): a hold on the whole tenant, on a collection of that datastore, or on the person — matched by any of
/// the request's identities (e-mail addresses without regard to case).
/// </summary>
public static class ErasureHolds
{
    /// <returns>The hold in force that covers the erasure, the one lasting longest first; null when none does.</returns>
    public static async Task<RetentionHold?> CoveringAsync(
        LetheDbContext db, Guid tenantId, string datastore, IReadOnlyCollection<Identity> identities, DateOnly today, CancellationToken ct)
    {
        return (await InForceAsync(db, tenantId, today, ct))
            .Where(h => h.Scope switch
            {
                HoldScope.Tenant => true,
                HoldScope.Collection => h.Collection?.StartsWith(datastore + ".", StringComparison.Ordinal) == true,
                HoldScope.Person => Matches(h.IdentitiesJson, identities),
                _ => false,
            })
            .OrderBy(h => h.Until ?? DateOnly.MaxValue)
            .LastOrDefault();
    }

    /// <summary>The tenant's holds in force on <paramref name="today"/>: not released, and not past their last day.</summary>
    public static async Task<IReadOnlyList<RetentionHold>> InForceAsync(LetheDbContext db, Guid tenantId, DateOnly today, CancellationToken ct) =>
        (await db.RetentionHolds.IgnoreQueryFilters().AsNoTracking().Where(h => h.TenantId == tenantId && h.ReleasedAt == null).ToListAsync(ct))
            .Where(h => h.Until is null || h.Until >= today).ToList();

    private static bool Matches(string? identitiesJson, IReadOnlyCollection<Identity> identities)
    {
        var held = identitiesJson is null ? [] : JsonSerializer.Deserialize<List<Identity>>(identitiesJson) ?? [];
        return held.Any(h => identities.Any(i => i.Type == h.Type
            && string.Equals(i.Value.Trim(), h.Value.Trim(), i.Type == "email" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)));
    }
}
