using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Localization;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Breaches;

/// <summary>
/// Reminds the tenant's privacy officers of a breach's 72-hour clock (Art. 33(1)) at 24, 48 and 66 hours after awareness,
/// while the authority is not notified and the risk is not assessed as unlikely. Each reminder is a row with a unique
/// key (breach, hours), written with its mails under the audit lock, so it goes once however many workers run. The mail
/// names the deadline and links the console — never what happened or to whom.
/// </summary>
public sealed class BreachReminders(LetheDbContext db, Outbox outbox, PublicAddress address, AuditLog audit, TimeProvider time)
{
    private static readonly AuditActor Worker = new("system", null, "lethe worker");

    /// <returns>How many reminders were sent.</returns>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var first = now - BreachClock.ReminderOffsets[0];
        var last = now - BreachClock.Limit;
        var candidates = await db.Breaches.IgnoreQueryFilters()
            .Where(b => (b.Status == BreachStatus.Open || b.Status == BreachStatus.Assessed) && b.NotifiedAt == null && b.LateReason == null
                        && b.Risk != BreachRisk.Unlikely && b.AwareAt <= first && b.AwareAt >= last)
            .OrderBy(b => b.AwareAt).AsNoTracking().Take(200).ToListAsync(ct);
        var sent = 0;
        foreach (var breach in candidates)
        {
            if (breach.Clock.ReminderDue(now) is not { } due)
            {
                continue;
            }

            var hours = (int)due.TotalHours;
            if (await db.BreachReminders.IgnoreQueryFilters().AnyAsync(r => r.BreachId == breach.Id && r.Hours >= hours, ct))
            {
                continue;
            }

            var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == breach.TenantId, ct);
            var officers = await OfficersAsync(tenant, ct);
            var language = AuthorityNotification.LanguageFor(tenant.Country);
            var mails = officers.Select(to => outbox.ComposeForTenant(tenant.Id, to, MessageTemplates.BreachReminder, language, new Dictionary<string, string>
            {
                ["hours"] = hours.ToString(CultureInfo.InvariantCulture),
                ["authority"] = tenant.SupervisoryAuthority,
                ["deadline"] = LocalTime.Format(breach.Clock.Deadline, tenant.Country, language),
                ["console_link"] = $"{address.Base}/t/{tenant.Slug}/breaches/{breach.Id}",
            })).ToList();
            var wrote = false;
            await audit.SaveChangesAsync(async c =>
            {
                // Under the audit lock every writer takes: a second server that got this far finds the row and sends nothing.
                if (await db.BreachReminders.IgnoreQueryFilters().AnyAsync(r => r.BreachId == breach.Id && r.Hours >= hours, c))
                {
                    return [];
                }

                mails.ForEach(m => outbox.Queue(m));
                db.BreachReminders.Add(new BreachReminder { TenantId = tenant.Id, BreachId = breach.Id, Hours = hours, Recipients = mails.Count, SentAt = now });
                wrote = true;
                return [new AuditEvent(Worker, AuditActions.BreachReminded, tenant.Id, $"breach:{breach.Id}", new Dictionary<string, string?>
                {
                    ["hours"] = hours.ToString(CultureInfo.InvariantCulture),
                    ["recipients"] = mails.Count.ToString(CultureInfo.InvariantCulture),
                })];
            }, ct);
            sent += wrote ? 1 : 0;
        }

        return sent;
    }

    /// <summary>The tenant's privacy officers' addresses; the company's contact address when it has none in Lethe.</summary>
    private async Task<IReadOnlyList<string>> OfficersAsync(Tenant tenant, CancellationToken ct)
    {
        var officers = await db.RoleAssignments.IgnoreQueryFilters()
            .Where(a => a.TenantId == tenant.Id && a.Role == Role.PrivacyOfficer)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => u.Email)
            .Where(e => e != null).Distinct().ToListAsync(ct);
        return officers.Count > 0 ? officers.OfType<string>().Order(StringComparer.Ordinal).ToList() : [tenant.ContactEmail];
    }
}
