using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Processors;

/// <summary>The counts a processor gives for one controller it tells of a breach; null where not known yet.</summary>
public sealed record ControllerCount(string? Tenant, long? People, long? Records);

/// <summary>
/// What a processor's breach touched of one customer it serves, counted in the processor's datastores by the data map;
/// null counts: the customer has no customer key, so the data map cannot tell its people from the others'.
/// </summary>
public sealed record CustomerImpact(Tenant Customer, BreachCounts? Counts)
{
    /// <summary>Counted in full, and a number Lethe can stand behind.</summary>
    public bool Counted => Counts is { Incomplete: false };

    /// <summary>Whether the customer is to be told: touched, or not shown to be untouched.</summary>
    public bool Affected => !Counted || Counts!.People > 0 || Counts.Records > 0;
}

/// <summary>A notice sent for a breach, with the controller it went to.</summary>
public sealed record SentNotice(Tenant Controller, ControllerBreachNotice Notice);

/// <summary>A notice a controller received, with the processor that sent it.</summary>
public sealed record ReceivedNotice(Tenant Processor, ControllerBreachNotice Notice);

/// <summary>
/// Art. 33(2): the processor tells each controller it serves of a breach without undue delay. A breach on the
/// processor tenant that touched a system it uses for its customers (an activity with <c>role: processor</c>; any system when those activities name none) is sent
/// to every customer tenant it serves that it touched, or to those the officer names — a notice on the controller's
/// breaches page and a mail to its admins, each recorded with the time it was sent. Where the data map says whose
/// customer a row is (<c>is: customer</c>) and the customer tenant has its key there, Lethe counts that customer's
/// people and records itself, and a customer the breach did not touch is not told.
/// </summary>
public sealed class ControllerBreachNotices(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, Outbox outbox, AuditLog audit, PublicAddress address, TimeProvider time, DatastoreConnections connections)
{
    /// <summary>What the breach touched of each customer served that has not been told of it yet.</summary>
    public async Task<Outcome<IReadOnlyList<CustomerImpact>>> CountAsync(Tenant processor, Guid breachId, CancellationToken ct)
    {
        var found = await ForCustomersAsync(processor, breachId, ct);
        if (!found.Succeeded)
        {
            return found.Failure;
        }

        var (_, _, impact) = found.Value;
        var told = await ToldAsync(breachId, ct);
        var served = await db.Tenants.AsNoTracking().Where(t => t.ServedBy == processor.Id).OrderBy(t => t.Slug).ToListAsync(ct);
        var counted = new List<CustomerImpact>();
        foreach (var customer in served.Where(t => !told.Contains(t.Id)))
        {
            counted.Add(await CountAsync(processor, impact, customer, ct));
        }

        return counted;
    }

    private async Task<CustomerImpact> CountAsync(Tenant processor, BreachImpact impact, Tenant customer, CancellationToken ct) =>
        customer.CustomerKey is not { } key
            ? new CustomerImpact(customer, null)
            : new CustomerImpact(customer, await BreachCounts.CountAsync(impact, await connections.ForTenantAsync(db, processor.Id, ct), time.GetUtcNow().UtcDateTime, ct, key));

    private async Task<HashSet<Guid>> ToldAsync(Guid breachId, CancellationToken ct) =>
        (await db.ControllerBreachNotices.IgnoreQueryFilters().Where(n => n.BreachId == breachId).Select(n => n.TenantId).ToListAsync(ct)).ToHashSet();

    /// <summary>The breach, the data map and what the breach touched, when it touched a system the processor uses for customers.</summary>
    private async Task<Outcome<(Breach Breach, Manifest Manifest, BreachImpact Impact)>> ForCustomersAsync(Tenant processor, Guid breachId, CancellationToken ct)
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
        if (manifest is null || impact is null || (forCustomers.Count > 0 && !impact.Systems.Any(forCustomers.Contains)))
        {
            return new Conflict(Texts.Get("error.controller_notice.no_customer_system", "en"));
        }

        return (breach, manifest, impact);
    }

    public async Task<Outcome<IReadOnlyList<SentNotice>>> SendAsync(
        Tenant processor, AuditActor actor, Guid breachId, IReadOnlyList<ControllerCount>? controllers, CancellationToken ct)
    {
        var found = await ForCustomersAsync(processor, breachId, ct);
        if (!found.Succeeded)
        {
            return found.Failure;
        }

        var (breach, manifest, impact) = found.Value;
        var served = await db.Tenants.AsNoTracking().Where(t => t.ServedBy == processor.Id).OrderBy(t => t.Slug).ToListAsync(ct);
        var told = await ToldAsync(breach.Id, ct);
        var errors = new ValidationErrors();
        List<(Tenant Controller, long? People, long? Records)> targets;
        if (controllers is null || controllers.Count == 0)
        {
            var untold = served.Where(t => !told.Contains(t.Id)).ToList();
            if (untold.Count == 0)
            {
                return new Conflict(served.Count == 0
                    ? Texts.Get("error.controller_notice.no_customers", "en")
                    : Texts.Get("error.controller_notice.all_told", "en"));
            }

            targets = [];
            foreach (var customer in untold)
            {
                var counted = await CountAsync(processor, impact, customer, ct);
                if (counted.Affected)
                {
                    targets.Add((customer, counted.Counted ? counted.Counts!.People : null, counted.Counted ? counted.Counts!.Records : null));
                }
            }

            if (targets.Count == 0)
            {
                return new Conflict(Texts.Get("error.controller_notice.none_touched", "en"));
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
                    errors.Add($"controllers[{i}].tenant", Texts.Fill(Texts.Get("error.controller_notice.not_served", "en"), new Dictionary<string, string> { ["tenant"] = c.Tenant ?? "" }));
                }
                else if (told.Contains(tenant.Id) || targets.Any(t => t.Controller.Id == tenant.Id))
                {
                    errors.Add($"controllers[{i}].tenant", Texts.Fill(Texts.Get("error.controller_notice.told_already", "en"), new Dictionary<string, string> { ["tenant"] = tenant.Slug }));
                }
                else if (c.People < 0 || c.Records < 0)
                {
                    errors.Add($"controllers[{i}]", Texts.Get("error.controller_notice.negative", "en"));
                }
                else if (c.People is null && c.Records is null && await CountAsync(processor, impact, tenant, ct) is { Counted: true, Counts: { } counts })
                {
                    // Named without numbers: the data map's count for that customer, where Lethe can make one.
                    targets.Add((tenant, counts.People, counts.Records));
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
