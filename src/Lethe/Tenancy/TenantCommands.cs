using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Tenancy;

/// <summary>Creating, changing and listing tenants, each change audited.</summary>
public sealed class TenantCommands(LetheDbContext db, AuditLog audit, TimeProvider time, RecentReads recent)
{
    /// <summary>The tenants <paramref name="access"/> reaches, by name.</summary>
    public IQueryable<Tenant> Visible(Access access)
    {
        if (access.IsPlatformAdmin)
        {
            return db.Tenants.OrderBy(t => t.Name);
        }

        var direct = access.DirectTenantIds.ToList();
        var resellers = access.ResellerIds.ToList();
        return db.Tenants
            .Where(t => direct.Contains(t.Id) || (t.ResellerId != null && resellers.Contains(t.ResellerId.Value)))
            .OrderBy(t => t.Name);
    }

    public const string RecentKind = "tenant";

    public Task<Tenant?> FindAsync(string slug, CancellationToken cancellationToken) =>
        db.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);

    /// <summary>
    /// For requests that only read: the tenant as read at most <paramref name="maxAge"/> ago, not tracked and shared
    /// with other requests (never change it). Changes made through this server are seen at once.
    /// </summary>
    public Task<Tenant?> FindRecentAsync(string slug, TimeSpan maxAge, CancellationToken cancellationToken) =>
        recent.GetAsync(RecentKind, slug, maxAge, () => db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken));

    public Task<Tenant?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.Tenants.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);

    public async Task<Outcome<Tenant>> CreateAsync(Access access, AuditActor actor, TenantInput input, CancellationToken cancellationToken)
    {
        var errors = input.Validate(creating: true);
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var resellerId = input.ResellerId;
        if (!access.IsPlatformAdmin)
        {
            var own = access.ResellerIds.ToList();
            if (own.Count == 0)
            {
                return new NotAllowed("Only a platform admin or a reseller admin can create tenants.");
            }

            resellerId ??= own.Count == 1 ? own[0] : null;
            if (resellerId is null || !own.Contains(resellerId.Value))
            {
                return InvalidInput.For("resellerId", "Name one of your own resellers as 'resellerId'.");
            }
        }

        if (resellerId is { } rid && !await db.Resellers.AnyAsync(r => r.Id == rid, cancellationToken))
        {
            return InvalidInput.For("resellerId", $"No reseller '{rid}' exists.");
        }

        var slug = input.Slug!.Trim();
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            return new Conflict($"A tenant with the slug '{slug}' exists already; choose another.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var tenant = new Tenant
        {
            Slug = slug,
            Name = "",
            RegistrationNumber = "",
            Address = "",
            ContactEmail = "",
            SupervisoryAuthority = "",
            ResellerId = resellerId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        input.ApplyTo(tenant);
        db.Tenants.Add(tenant);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.TenantCreated, tenant.Id, $"tenant:{tenant.Slug}",
            new Dictionary<string, string?> { ["reseller"] = resellerId?.ToString() }), cancellationToken);
        return tenant;
    }

    public async Task<Outcome<Tenant>> UpdateAsync(Tenant tenant, AuditActor actor, TenantInput input, CancellationToken cancellationToken)
    {
        var errors = input.Validate(creating: false);
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        input.ApplyTo(tenant);
        var changed = db.Entry(tenant).Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToList();
        if (changed.Count == 0)
        {
            return tenant;
        }

        tenant.UpdatedAt = time.GetUtcNow().UtcDateTime;
        // Field names only: the values may be a sole proprietor's name and address.
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.TenantUpdated, tenant.Id, $"tenant:{tenant.Slug}",
            new Dictionary<string, string?> { ["fields"] = string.Join(",", changed) }), cancellationToken);
        recent.Forget(RecentKind, tenant.Slug);
        return tenant;
    }
}
