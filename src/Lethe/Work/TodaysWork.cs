using Lethe.Breaches;
using Lethe.DataMap;
using Lethe.Notices;
using Lethe.Requests;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lethe.Work;

/// <summary>
/// What an officer has to do today in one tenant, counted in one place for the console's overview: open requests by
/// their deadline, manual tasks waiting (requests forwarded to processors among them, late from the day after their
/// own due day), work failing, the last retention run and the next, and whether the published notice still says what
/// the data map does. Reads only; nothing here holds a person's data.
/// </summary>
public sealed class TodaysWork(
    LetheDbContext db, TenantScope scope, StalledWork stalled, NoticeCommands notices, IOptions<RetentionOptions> retention, TimeProvider time,
    Calendar.CalendarQueries calendar)
{
    /// <summary>How many open requests the overview lists; the counts are of all of them.</summary>
    public const int Listed = 10;

    /// <summary>Counts and lists the parts in <paramref name="parts"/> (those the reader may see); the others stay empty.</summary>
    public async Task<WorkToday> ForTenantAsync(Tenant tenant, TodayParts parts, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var today = Deadline.ReceivedOn(time.GetUtcNow(), tenant.Country);
        var work = new WorkToday { Today = today };
        if (parts.HasFlag(TodayParts.Requests))
        {
            work = await RequestsAsync(work, today, ct);
            work = work with { Failed = await stalled.ForTenantAsync(tenant.Id, ct) };
        }

        if (parts.HasFlag(TodayParts.Retention))
        {
            work = await RetentionAsync(work, tenant, ct);
        }

        if (parts.HasFlag(TodayParts.Breaches))
        {
            // Art. 33(1): every breach whose notification is still owed, the oldest awareness (nearest deadline) first.
            var owed = await db.Breaches.AsNoTracking().Where(b => b.Status == BreachStatus.Open || b.Status == BreachStatus.Assessed)
                .OrderBy(b => b.AwareAt).ToListAsync(ct);
            work = work with { OpenBreaches = owed.Where(b => b.Risk != BreachRisk.Unlikely).ToList() };
        }

        if (parts.HasFlag(TodayParts.Duties))
        {
            work = work with { Duties = (await calendar.ForTenantAsync(tenant, ct)).Where(d => d.State != Calendar.DutyState.Upcoming).ToList() };
        }

        if (parts.HasFlag(TodayParts.Notice))
        {
            var drift = await notices.CheckAsync(tenant, ct);
            var mapped = await db.DataMapRevisions.AnyAsync(ct);
            work = work with { Notice = new NoticeState(drift.PublishedVersion, drift.NoLongerTrue.Count + drift.NotStated.Count, mapped) };
        }

        return work;
    }

    private async Task<WorkToday> RequestsAsync(WorkToday work, DateOnly today, CancellationToken ct)
    {
        var open = RequestStatus.Open;
        var requests = db.Requests.AsNoTracking().Where(r => open.Contains(r.Status));
        var openCount = await requests.CountAsync(ct);
        var overdueCount = await requests.CountAsync(r => r.DueOn != null && r.DueOn < today, ct);
        // Earliest deadline first puts the overdue on top, the longest overdue first; requests without one come last.
        var listed = await requests.OrderBy(r => r.DueOn == null).ThenBy(r => r.DueOn).ThenBy(r => r.CreatedAt).Take(Listed)
            .Select(r => new { r.Id, r.Type, r.Status, r.CreatedAt, r.DueOn, r.Assignee })
            .ToListAsync(ct);
        var manual = db.RequestSteps.AsNoTracking().Where(s => s.Connector == DatastoreKind.Manual && s.Status == StepStatus.Waiting);
        var manualCount = await manual.CountAsync(ct);
        // A forwarded request past its day first, then by when it is due: a datastore's task has no day of its own.
        var tasks = await manual.OrderBy(s => s.DueOn == null).ThenBy(s => s.DueOn).ThenBy(s => s.Id).Take(Listed)
            .Select(s => new WaitingTask(s.RequestId, s.Id, s.Datastore, s.Assignee, s.ForwardedTo, s.DueOn)).ToListAsync(ct);
        var lateForwards = await manual.CountAsync(s => s.DueOn != null && s.DueOn < today, ct);
        var retrying = await db.RequestSteps.AsNoTracking().CountAsync(s => s.Status == StepStatus.Failed, ct);
        return work with
        {
            OpenRequests = openCount,
            OverdueRequests = overdueCount,
            Requests = listed.Select(r => new OpenRequest(r.Id, r.Type, r.Status, r.CreatedAt, r.DueOn, r.DueOn is { } due ? due.DayNumber - today.DayNumber : null, r.Assignee)).ToList(),
            ManualTasks = manualCount,
            Tasks = tasks,
            OverdueForwarded = lateForwards,
            FailingSteps = retrying,
        };
    }

    private async Task<WorkToday> RetentionAsync(WorkToday work, Tenant tenant, CancellationToken ct)
    {
        var last = await db.RetentionRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
        var mapped = await db.DataMapRevisions.AnyAsync(ct);
        // The worker starts a run once the last one began an interval ago (RetentionWorker); the first run waits for a
        // person to start it, and without a data map there is nothing to run.
        DateTime? next = !mapped || last is null || last.OpenFor is not null ? null : last.StartedAt + retention.Value.Interval;
        return work with
        {
            LastRetention = last, NextRetentionAt = next, RetentionRunning = last?.OpenFor is not null, RetentionAwaitsFirstRun = mapped && last is null,
        };
    }
}

/// <summary>The parts of <see cref="WorkToday"/> to count, by what the reader may see.</summary>
[Flags]
public enum TodayParts
{
    None = 0,

    /// <summary>Requests, manual tasks and failing work (they name datastores and lead to requests).</summary>
    Requests = 1,
    Retention = 2,
    Notice = 4,

    /// <summary>Breaches whose notification to the authority is still owed, with their 72-hour clocks.</summary>
    Breaches = 8,

    /// <summary>Compliance calendar duties due within 30 days or overdue.</summary>
    Duties = 16,
    All = Requests | Retention | Notice | Breaches | Duties,
}

/// <summary>A tenant's work for today, as <see cref="TodaysWork"/> counts it.</summary>
public sealed record WorkToday
{
    /// <summary>Today in the tenant's country, the day deadlines are counted from.</summary>
    public DateOnly Today { get; init; }

    public int OpenRequests { get; init; }

    public int OverdueRequests { get; init; }

    /// <summary>The first <see cref="TodaysWork.Listed"/> open requests, the overdue first.</summary>
    public IReadOnlyList<OpenRequest> Requests { get; init; } = [];

    public int ManualTasks { get; init; }

    public IReadOnlyList<WaitingTask> Tasks { get; init; } = [];

    /// <summary>Requests forwarded to a processor whose confirmation is past its due day (<see cref="Requests.Forwarding"/>).</summary>
    public int OverdueForwarded { get; init; }

    /// <summary>Request steps that failed and will be tried again by themselves.</summary>
    public int FailingSteps { get; init; }

    /// <summary>Work that failed often or was given up on: it needs someone.</summary>
    public IReadOnlyList<StalledJob> Failed { get; init; } = [];

    public RetentionRun? LastRetention { get; init; }

    public bool RetentionRunning { get; init; }

    /// <summary>When the worker starts the next run (UTC); null while one runs or without a data map.</summary>
    public DateTime? NextRetentionAt { get; init; }

    /// <summary>The tenant has a data map but retention never ran: the first run waits for a person to start it.</summary>
    public bool RetentionAwaitsFirstRun { get; init; }

    public NoticeState? Notice { get; init; }

    /// <summary>Breaches not yet notified nor assessed as unlikely to result in a risk, the nearest deadline first.</summary>
    public IReadOnlyList<Breach> OpenBreaches { get; init; } = [];

    /// <summary>Compliance calendar duties due soon or overdue, the most urgent first.</summary>
    public IReadOnlyList<Calendar.ScheduledDuty> Duties { get; init; } = [];
}

/// <summary>An open request on the overview: its right, where it is, and the days to its Art. 12(3) deadline (negative: overdue).</summary>
public sealed record OpenRequest(Guid Id, RequestType Type, RequestStatus Status, DateTime ReceivedAt, DateOnly? DueOn, int? DaysLeft, string? Assignee)
{
    public bool Overdue => DaysLeft < 0;
}

/// <summary>
/// A manual task waiting for someone to do it and close it: in a datastore, or a request forwarded to a processor
/// (<paramref name="ForwardedTo"/>), whose confirmation is due on <paramref name="DueOn"/>.
/// </summary>
public sealed record WaitingTask(Guid RequestId, Guid StepId, string Datastore, string? Assignee, string? ForwardedTo = null, DateOnly? DueOn = null)
{
    /// <summary>Whether a forwarded request's confirmation is late on <paramref name="today"/>, the day in the tenant's country.</summary>
    public bool OverdueOn(DateOnly today) => DueOn < today;
}

/// <summary>The published notice against the data map in force: the version, and how many facts differ.</summary>
public sealed record NoticeState(int? PublishedVersion, int Differences, bool HasDataMap)
{
    /// <summary>There is a data map, and the notice was never published or no longer says what the data map does.</summary>
    public bool OutOfDate => HasDataMap && (PublishedVersion is null || Differences > 0);
}
