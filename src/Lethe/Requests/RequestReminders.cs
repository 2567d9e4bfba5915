using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>
/// Reminds the assignees of open requests as the deadline nears (<see cref="ReminderSchedule"/>). The mail names the
/// right, the deadline and the console link — never the person.
/// </summary>
public sealed class RequestReminders(LetheDbContext db, Outbox outbox, PublicAddress address, AuditLog audit, TimeProvider time)
{
    private static readonly AuditActor Worker = new("system", null, "lethe worker");

    /// <returns>How many reminders were queued.</returns>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // A day ahead in UTC covers every company's local date; the stage is then computed in the company's own zone.
        var horizon = DateOnly.FromDateTime(now.UtcDateTime).AddDays(ReminderSchedule.DaysBefore[0] + 1);
        var open = RequestStatus.Open;
        var candidates = await db.Requests.IgnoreQueryFilters()
            .Where(r => open.Contains(r.Status) && r.Assignee != null && r.DueOn != null && r.DueOn <= horizon
                        && r.ReminderStage < ReminderSchedule.DaysBefore.Length)
            .OrderBy(r => r.DueOn).Take(200).ToListAsync(ct);
        var tenants = new Dictionary<Guid, Tenant>();
        var sent = 0;
        foreach (var request in candidates)
        {
            if (!tenants.TryGetValue(request.TenantId, out var tenant))
            {
                tenant = tenants[request.TenantId] = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == request.TenantId, ct);
            }

            var stage = ReminderSchedule.StageOn(request.DueOn!.Value, Deadline.ReceivedOn(now, tenant.Country));
            if (stage <= request.ReminderStage)
            {
                continue;
            }

            request.ReminderStage = stage;
            var language = tenant.Country == Country.NO ? "nb" : tenant.Country == Country.DK ? "da" : "en";
            outbox.Queue(tenant.Id, request.Id, request.Assignee!, MessageTemplates.Reminder, language, new Dictionary<string, string>
            {
                ["id"] = request.Id.ToString()[..8],
                ["type"] = MessageTemplates.TypeName(request.Type.ToWire(), language),
                ["due"] = RequestLanguage.LongDate(request.DueOn.Value, language),
                ["console_link"] = $"{address.Base}/t/{tenant.Slug}/requests/{request.Id}",
            });
            await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.RequestReminded, tenant.Id, $"request:{request.Id}",
                new Dictionary<string, string?> { ["stage"] = stage.ToString(CultureInfo.InvariantCulture) }), ct);
            sent++;
        }

        return sent;
    }
}
