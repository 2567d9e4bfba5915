using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Accounts;

/// <summary>A role as the roster shows it: where it is held, by the tenant's slug or the reseller's name.</summary>
public sealed record HeldRole(Role Role, string? TenantSlug, string? ResellerName);

/// <summary>One person who signs in, how their sign-in stands, and every role they hold.</summary>
public sealed record RosterEntry(
    string UserId, string Email, bool TwoFactorEnabled, bool MustChangePassword, DateTime CreatedAt, IReadOnlyList<HeldRole> Roles);

/// <summary>Everyone who signs in to the console, for the operator's <c>lethe users list</c>.</summary>
public sealed class UserRoster(LetheDbContext db)
{
    /// <summary>Every person, by e-mail address; with <paramref name="tenantId"/>, only those holding a role in that tenant.</summary>
    public async Task<IReadOnlyList<RosterEntry>> ListAsync(Guid? tenantId, CancellationToken cancellationToken)
    {
        var people = await db.Users.AsNoTracking()
            .Where(u => tenantId == null || db.RoleAssignments.Any(a => a.UserId == u.Id && a.TenantId == tenantId))
            .Select(u => new { u.Id, u.Email, u.TwoFactorEnabled, u.MustChangePassword, u.CreatedAt })
            .ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id).ToList();
        var roles = await (from a in db.RoleAssignments.AsNoTracking()
                           where ids.Contains(a.UserId)
                           join t in db.Tenants on a.TenantId equals (Guid?)t.Id into tenants
                           from t in tenants.DefaultIfEmpty()
                           join r in db.Resellers on a.ResellerId equals (Guid?)r.Id into resellers
                           from r in resellers.DefaultIfEmpty()
                           select new { a.UserId, a.Role, Tenant = t == null ? null : t.Slug, Reseller = r == null ? null : r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId);
        return people
            .Select(p => new RosterEntry(p.Id, p.Email ?? "", p.TwoFactorEnabled, p.MustChangePassword, p.CreatedAt,
                byUser[p.Id].Select(r => new HeldRole(r.Role, r.Tenant, r.Reseller))
                    .OrderBy(r => r.Role).ThenBy(r => r.TenantSlug, StringComparer.Ordinal).ThenBy(r => r.ResellerName, StringComparer.Ordinal).ToList()))
            .OrderBy(p => p.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
