using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Processors;

/// <summary>The counts a processor gives for one controller it tells of a breach; null where not known yet.</summary>
public sealed record ControllerCount(string? Tenant, long? People, long? Records);

/// <summary>A notice sent for a breach, with the controller it went to.</summary>
public sealed record SentNotice(Tenant Controller, ControllerBreachNotice Notice);

/// <summary>A notice a controller received, with the processor that sent it.</summary>
public sealed record ReceivedNotice(Tenant Processor, ControllerBreachNotice Notice);

/// <summary>
/// Art. 33(2): the processor tells each controller it serves of a breach without undue delay. A breach on the
/// processor tenant that touched a system it uses for its customers (an activity with <c>role: processor</c>; any system when those activities name none) is sent
/// to every customer tenant it serves, or to those the officer names with their own counts — a notice on the
/// controller's breaches page and a mail to its admins, each recorded with the time it was sent.
/// </summary>
public sealed class ControllerBreachNotices(LetheDbContext db, TenantScope scope, DataMapCommands dataMap, Outbox outbox, AuditLog audit, PublicAddress address, TimeProvider time)
{
    public async Task<Outcome<IReadOnlyList<SentNotice>>> SendAsync(
        Tenant processor, AuditActor actor, Guid breachId, IReadOnlyList<ControllerCount>? controllers, CancellationToken ct)
    {
        scope.Enter(processor.Id);
        if (await db.Breaches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == breachId, ct) is not { } breach)
        {
            return new NotFound("Breach", breachId.ToString());
        }

        var manifest = await dataMap.CurrentManifestAsync(processor, ct);
        var impact = manifest is null ? null : BreachImpact.Of(manifest, breach.AffectedParts, new ValidationErrors());
        // Where the processor activities name their systems, a breach elsewhere is the company's own; where they name
        // none, the data map cannot tell, and the customers are told rather than left out.
        var forCustomers = manifest?.Activities.Where(a => a.Role == "processor").SelectMany(a => a.Systems).ToHashSet(StringComparer.Ordinal) ?? [];
        if (impact is null || (forCustomers.Count > 0 && !impact.Systems.Any(forCustomers.Contains)))
        {
            return new Conflict("The breach touched none of the systems the data map uses for customers (activities with role: processor); there is no controller to tell.");
        }

        var served = await db.Tenants.AsNoTracking().Where(t => t.ServedBy == processor.Id).OrderBy(t => t.Slug).ToListAsync(ct);
        var told = (await db.ControllerBreachNotices.IgnoreQueryFilters().Where(n => n.BreachId == breach.Id).Select(n => n.TenantId).ToListAsync(ct)).ToHashSet();
        var errors = new ValidationErrors();
        List<(Tenant Controller, long? People, long? Records)> targets;
        if (controllers is null || controllers.Count == 0)
        {
            targets = served.Where(t => !told.Contains(t.Id)).Select(t => (t, (long?)null, (long?)null)).ToList();
            if (targets.Count == 0)
            {
                return new Conflict(served.Count == 0
                    ? "No customer tenant is served by this tenant; link them first (served by)."
                    : "Every customer this tenant serves has been told of this breach already.");
            }
        }
        else
        {
            targets = [];
            for (var i = 0; i < controllers.Count; i++)
            {
                var c = controllers[i];
                if (served.FirstOrDefault(t => t.Slug == c.Tenant?.Trim()) is not { } tenant)
                {
                    errors.Add($"controllers[{i}].tenant", $"'{c.Tenant}' is not a customer tenant this tenant serves; name one by its slug.");
                }
                else if (told.Contains(tenant.Id) || targets.Any(t => t.Controller.Id == tenant.Id))
                {
                    errors.Add($"controllers[{i}].tenant", $"'{tenant.Slug}' has been told of this breach already.");
                }
                else if (c.People < 0 || c.Records < 0)
                {
                    errors.Add($"controllers[{i}]", "Counts cannot be negative; leave one out when it is not known yet.");
                }
                else
                {
                    targets.Add((tenant, c.People, c.Records));
                }
            }
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sent = new List<SentNotice>();
        var events = new List<AuditEvent>();
        foreach (var (controller, people, records) in targets)
        {
            var language = ControllerAdmins.LanguageOf(controller);
            var to = await ControllerAdmins.AddressesAsync(db, controller, ct);
            var notice = new ControllerBreachNotice
            {
                TenantId = controller.Id,
                ProcessorTenantId = processor.Id,
                BreachId = breach.Id,
                Language = language,
                Markdown = ControllerNoticeText.Render(breach, processor, manifest, impact, controller, people, records, now),
                People = people,
                Records = records,
                Mailed = to.Count,
                SentAt = now,
                SentBy = actor.Name,
            };
            db.ControllerBreachNotices.Add(notice);
            foreach (var recipient in to)
            {
                outbox.Queue(controller.Id, null, recipient, MessageTemplates.ProcessorBreachNotice, language, new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["processor"] = processor.Name,
                    ["customer"] = controller.Name,
                    ["aware"] = Localization.LocalTime.Format(breach.AwareAt, controller.Country, language),
                    ["link"] = $"{address.Base}/t/{Uri.EscapeDataString(controller.Slug)}/breaches",
                });
            }

            sent.Add(new SentNotice(controller, notice));
            events.Add(new AuditEvent(actor, AuditActions.ControllerBreachNoticeSent, processor.Id, $"breach:{breach.Id}", new Dictionary<string, string?>
            {
                ["controller"] = controller.Id.ToString(),
                ["people"] = ControllerNoticeText.Count(people),
                ["records"] = ControllerNoticeText.Count(records),
                ["mailed"] = to.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
        }

        await audit.SaveChangesAsync(events, ct);
        return sent;
    }

    /// <summary>The notices sent for one of the processor's breaches, with the controllers they went to.</summary>
    public async Task<IReadOnlyList<SentNotice>> ForBreachAsync(Tenant processor, Guid breachId, CancellationToken ct)
    {
        scope.Enter(processor.Id);
        // The notices are the controllers' rows; the processor reads those it sent for its own breach.
        var notices = await db.ControllerBreachNotices.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.ProcessorTenantId == processor.Id && n.BreachId == breachId).OrderBy(n => n.SentAt).ToListAsync(ct);
        var ids = notices.Select(n => n.TenantId).ToList();
        var tenants = await db.Tenants.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return notices.Select(n => new SentNotice(tenants[n.TenantId], n)).ToList();
    }

    /// <summary>The breach notices a controller received from the tenants serving it, newest first.</summary>
    public async Task<IReadOnlyList<ReceivedNotice>> ForControllerAsync(Tenant controller, CancellationToken ct)
    {
        scope.Enter(controller.Id);
        var notices = await db.ControllerBreachNotices.AsNoTracking().OrderByDescending(n => n.SentAt).ToListAsync(ct);
        var ids = notices.Select(n => n.ProcessorTenantId).Distinct().ToList();
        var tenants = await db.Tenants.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return notices.Select(n => new ReceivedNotice(tenants[n.ProcessorTenantId], n)).ToList();
    }
}
