using Lethe.DataMap;
using Lethe.Reviews;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Calendar;

/// <summary>
/// Reads what the duty sources need from the database — the data map, the last completed review, each system's last
/// risk assessment, the last notice published — and lists a tenant's duties.
/// </summary>
public sealed class CalendarQueries(LetheDbContext db, TenantScope scope, DataMapCommands dataMap, IEnumerable<IDutySource> sources, TimeProvider time)
{
    public async Task<IReadOnlyList<ScheduledDuty>> ForTenantAsync(Tenant tenant, CancellationToken ct) =>
        ComplianceCalendar.For(await FactsAsync(tenant, ct), sources);

    public async Task<DutyFacts> FactsAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var manifest = (await dataMap.InForceAsync(tenant, ct))?.Manifest;
        var done = new Dictionary<string, DutyDone>(StringComparer.Ordinal);
        var inHand = new Dictionary<string, string>(StringComparer.Ordinal);
        var reviews = await db.Reviews.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(20).ToListAsync(ct);
        if (reviews.Where(r => r.Status == ReviewStatus.Completed).MaxBy(r => r.CompletedAt) is { CompletedAt: { } completed } last)
        {
            done[HalfYearlyReviewDuty.Id] = new DutyDone(Recurrence.LocalDay(completed, tenant.Country), last.CompletedBy);
        }

        if (reviews.FirstOrDefault(r => r.Status == ReviewStatus.InProgress) is { StartedBy: { } starter })
        {
            inHand[HalfYearlyReviewDuty.Id] = starter;
        }

        var assessments = await db.RiskAssessments.AsNoTracking().Select(a => new { a.System, a.AssessedAt, a.AssessedBy }).ToListAsync(ct);
        foreach (var latest in assessments.GroupBy(a => a.System, StringComparer.Ordinal).Select(g => g.MaxBy(a => a.AssessedAt)!))
        {
            done[RiskAssessmentDuties.IdFor(latest.System)] = new DutyDone(Recurrence.LocalDay(latest.AssessedAt, tenant.Country), latest.AssessedBy);
        }

        if (await db.NoticeVersions.AsNoTracking().OrderByDescending(n => n.PublishedAt).Select(n => new { n.PublishedAt }).FirstOrDefaultAsync(ct) is { } notice)
        {
            done[NoticeReviewDuty.Id] = new DutyDone(Recurrence.LocalDay(notice.PublishedAt, tenant.Country), null);
        }

        // Keeping a newer agreement document is the review of that agreement: the officer read it and filed what holds.
        var agreements = await db.AgreementDocuments.AsNoTracking().Select(d => new { d.ProcessorKey, d.UploadedAt, d.UploadedBy }).ToListAsync(ct);
        foreach (var latest in agreements.GroupBy(d => d.ProcessorKey, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.UploadedAt)!))
        {
            done[Processors.AgreementReviewDuties.IdFor(latest.ProcessorKey)] = new DutyDone(Recurrence.LocalDay(latest.UploadedAt, tenant.Country), latest.UploadedBy);
        }

        // A duty given to someone who has since lost the role that lets them do it goes back to its own owner.
        var mayDo = DutyAssignments.RolesThatMayDoDuties;
        var members = (await (from a in db.RoleAssignments
                              join u in db.Users on a.UserId equals u.Id
                              where a.TenantId == tenant.Id && mayDo.Contains(a.Role) && u.Email != null
                              select u.Email).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var assigned = (await db.DutyAssignments.AsNoTracking().ToListAsync(ct))
            .Where(a => members.Contains(a.Owner)).ToDictionary(a => a.DutyId, a => a.Owner, StringComparer.Ordinal);
        return new DutyFacts
        {
            Country = tenant.Country,
            Today = Recurrence.LocalDay(time.GetUtcNow().UtcDateTime, tenant.Country),
            Start = Recurrence.LocalDay(tenant.CreatedAt, tenant.Country),
            Manifest = manifest,
            LastDone = done,
            InHand = inHand,
            Assigned = assigned,
        };
    }
}
