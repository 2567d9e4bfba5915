using Lethe.Requests;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Work;

/// <summary>A request forwarded to a processor whose confirmation is late: named by the step's id, never by a tenant or a person.</summary>
public sealed record OverdueForward(Guid StepId, Guid TenantId, Guid RequestId, DateOnly DueOn)
{
    /// <summary>How a monitor names it: kind, id and the day it was due.</summary>
    public string Name => $"forwarded-step {StepId} due {DueOn:yyyy-MM-dd}";
}

/// <summary>
/// Requests forwarded to a processor whose confirmation is past its due day, in every tenant, for <c>/health/work</c>:
/// each late from the day after it was due where its controller is (<see cref="Forwarding.IsOverdue"/>), as the
/// console's overview counts them for one tenant.
/// </summary>
public sealed class OverdueForwards(LetheDbContext db, TimeProvider time)
{
    /// <summary>The longest overdue first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<OverdueForward>> AllAsync(int limit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // No controller's day runs more than one day ahead of UTC's, so a step late where its controller is was due by
        // UTC's today at the latest; which of those are late is then decided in each tenant's own time zone.
        var latest = DateOnly.FromDateTime(now.UtcDateTime);
        var candidates = await (
                from s in db.RequestSteps.IgnoreQueryFilters()
                join t in db.Tenants.IgnoreQueryFilters() on s.TenantId equals t.Id
                where s.Status == StepStatus.Waiting && s.DueOn != null && s.DueOn <= latest
                orderby s.DueOn, s.Id
                select new { s.Id, s.TenantId, s.RequestId, s.DueOn, t.Country })
            .Take(limit).ToListAsync(ct);
        return candidates.Where(c => c.DueOn is { } due && Forwarding.IsOverdue(due, now, c.Country))
            .Select(c => new OverdueForward(c.Id, c.TenantId, c.RequestId, c.DueOn.GetValueOrDefault())).ToList();
    }
}
