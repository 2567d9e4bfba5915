using Lethe.Calendar;
using Lethe.Common;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Hosting;

/// <summary>
/// <c>/health/duties</c>: the compliance calendar for operators, as JSON — how many duties are due within
/// <see cref="ComplianceCalendar.DueSoonDays"/> days or overdue, by kind, and in how many tenants. Counts only: no
/// tenant, system, owner or person is named, since the endpoint answers anyone, as <c>/health/work</c> does. Always
/// 200: an overdue review is the officer's to do, not a fault of the server a load balancer should act on; a monitor
/// reads <c>status</c>. Since anyone may ask and an answer walks every tenant's calendar, one answer serves every caller
/// for <see cref="Fresh"/> (<c>checkedAt</c> says when it was counted): a flood of calls costs one walk a minute.
/// </summary>
public static class DutiesHealth
{
    public static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);

    public static void MapDutiesHealth(this IEndpointRouteBuilder app)
    {
        var last = new LatestAnswer<DutiesAnswer>(Fresh);
        app.MapGet("/health/duties", async (LetheDbContext db, IServiceScopeFactory scopes, TimeProvider time, CancellationToken ct) =>
            TypedResults.Ok(await last.GetAsync(token => CountAsync(db, scopes, time.GetUtcNow(), token), time, ct))).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<DutiesAnswer> CountAsync(LetheDbContext db, IServiceScopeFactory scopes, DateTimeOffset now, CancellationToken ct)
    {
        var due = new List<(Guid TenantId, ScheduledDuty Duty)>();
        foreach (var tenant in await db.Tenants.IgnoreQueryFilters().AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct))
        {
            // A unit of work acts in one tenant (TenantScope): each tenant's duties are read in a scope of their own.
            await using var scope = scopes.CreateAsyncScope();
            var duties = await scope.ServiceProvider.GetRequiredService<CalendarQueries>().ForTenantAsync(tenant, ct);
            due.AddRange(duties.Where(d => d.State != DutyState.Upcoming).Select(d => (tenant.Id, d)));
        }

        var overdue = due.Where(d => d.Duty.State == DutyState.Overdue).ToList();
        var byKind = WireNames.All<DutyKind>().ToDictionary(
            k => k.ToWire(),
            k => new KindCount(due.Count(d => d.Duty.Duty.Kind == k && d.Duty.State == DutyState.Due), overdue.Count(d => d.Duty.Duty.Kind == k)));
        return new DutiesAnswer(
            overdue.Count > 0 ? "overdue" : due.Count > 0 ? "due" : "ok",
            due.Count(d => d.Duty.State == DutyState.Due),
            overdue.Count,
            overdue.Select(d => d.TenantId).Distinct().Count(),
            overdue.Count == 0 ? null : overdue.Min(d => d.Duty.Duty.DueOn),
            byKind,
            now);
    }

    internal sealed record KindCount(int Due, int Overdue);

    internal sealed record DutiesAnswer(string Status, int Due, int Overdue, int TenantsWithOverdue, DateOnly? OldestOverdue, Dictionary<string, KindCount> ByKind, DateTimeOffset CheckedAt);
}
