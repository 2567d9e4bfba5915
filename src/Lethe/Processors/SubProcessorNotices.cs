using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Processors;

/// <summary>
/// The sub-processors a customer sees for it — in use, or announced until their change takes effect
/// (<see cref="SubProcessors.AsSeenAt"/>) — and the changes announced to it.
/// </summary>
public sealed record CustomerSubProcessors(Tenant? Processor, IReadOnlyList<ListedSubProcessor> SubProcessors, IReadOnlyList<SubProcessorNotice> Notices)
{
    /// <summary>Those that may be used for the customer's data now.</summary>
    public IReadOnlyList<ListedSubProcessor> InUse => SubProcessors.Where(s => s.InUse).ToList();
}

/// <summary>A change as the processor sees it: the customers told and what each answered.</summary>
public sealed record ChangeWithObjections(SubProcessorChange Change, IReadOnlyList<(Tenant Customer, SubProcessorNotice Notice)> Customers);

/// <summary>
/// The notice of Art. 28(2): when a processor tenant's data map adds or replaces a sub-processor, each customer it
/// serves is told by e-mail and in the console, may object within the notice period, and the processor sees the
/// objections before the change takes effect.
/// </summary>
public sealed class SubProcessorNotices(LetheDbContext db, TenantScope scope, Outbox outbox, AuditLog audit, PublicAddress address, TimeProvider time, DataMapCache cache)
{
    public const int ObjectionLimit = 4000;

    /// <summary>
    /// Opens a change for each sub-processor <paramref name="after"/> adds or replaces, with a notice and mails to every
    /// customer served; added to the caller's unit of work (the data map import) and returned as its audit events.
    /// </summary>
    public async Task<IReadOnlyList<AuditEvent>> OpenAsync(
        Tenant processor, AuditActor actor, Manifest? before, Manifest after, int revision, CancellationToken ct)
    {
        // A tenant's first data map changes nothing its customers agreed to: what it lists is what they signed up with.
        var added = before is null ? [] : SubProcessors.Added(before, after);
        if (added.Count == 0)
        {
            return [];
        }

        var customers = await db.Tenants.Where(t => t.ServedBy == processor.Id).OrderBy(t => t.Slug).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var events = new List<AuditEvent>();
        foreach (var (p, replaced) in added)
        {
            var replaces = replaced?.Name;
            var change = new SubProcessorChange
            {
                TenantId = processor.Id,
                ProcessorKey = p.Key,
                Name = p.Name,
                Location = p.Location,
                Replaces = replaces,
                ReplacesLocation = replaced?.Location,
                DataMapRevision = revision,
                OpenedAt = now,
                OpenedBy = actor.Name,
                EffectiveAt = SubProcessors.EffectiveAt(p, now),
            };
            db.SubProcessorChanges.Add(change);
            foreach (var customer in customers)
            {
                var to = await ControllerAdmins.AddressesAsync(db, customer, ct);
                var language = ControllerAdmins.LanguageOf(customer);
                foreach (var recipient in to)
                {
                    outbox.Queue(customer.Id, null, recipient, MessageTemplates.SubProcessorNotice, language, MailValues(processor, customer, p, replaces, change.EffectiveAt, language));
                }

                db.SubProcessorNotices.Add(new SubProcessorNotice
                {
                    TenantId = customer.Id,
                    ChangeId = change.Id,
                    ProcessorTenantId = processor.Id,
                    ProcessorKey = p.Key,
                    Name = p.Name,
                    Location = p.Location,
                    Replaces = replaces,
                    ReplacesLocation = replaced?.Location,
                    OpenedAt = now,
                    EffectiveAt = change.EffectiveAt,
                    Mailed = to.Count,
                });
            }

            events.Add(new AuditEvent(actor, AuditActions.SubProcessorChangeOpened, processor.Id, $"sub-processor:{p.Key}", new Dictionary<string, string?>
            {
                ["change"] = change.Id.ToString(),
                ["effectiveAt"] = change.EffectiveAt.ToString("O", CultureInfo.InvariantCulture),
                ["customers"] = customers.Count.ToString(CultureInfo.InvariantCulture),
            }));
        }

        return events;
    }

    private Dictionary<string, string> MailValues(Tenant processor, Tenant customer, Processor p, string? replaces, DateTime effective, string language) => new(StringComparer.Ordinal)
    {
        ["processor"] = processor.Name,
        ["customer"] = customer.Name,
        ["change"] = Texts.Fill(replaces is null ? Texts.Get("processors.change.added", language) : Texts.Get("processors.change.replaced", language),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = p.Name, ["location"] = p.Location, ["previous"] = replaces ?? "" }),
        ["service"] = p.Service.For(language, "en"),
        ["effective"] = LocalTime.Format(effective, customer.Country, language),
        ["link"] = $"{address.Base}/t/{Uri.EscapeDataString(customer.Slug)}/sub-processors",
    };

    /// <summary>
    /// What a customer tenant sees: the tenant serving it, the sub-processors its data map names as the customer was told
    /// of them (a change announced shows as announced until it takes effect), and the notices received.
    /// </summary>
    public async Task<CustomerSubProcessors> ForCustomerAsync(Tenant customer, CancellationToken ct)
    {
        scope.Enter(customer.Id);
        var notices = await db.SubProcessorNotices.AsNoTracking().OrderByDescending(n => n.OpenedAt).ToListAsync(ct);
        if (customer.ServedBy is not { } servedBy || await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == servedBy, ct) is not { } processor)
        {
            return new CustomerSubProcessors(null, [], notices);
        }

        // Only the changes this processor announced: notices left from a processor the customer used before may name the
        // same keys and must not mark this one's entries announced.
        var listed = SubProcessors.AsSeenAt(SubProcessors.Of(await ProcessorManifestAsync(processor, ct)),
            notices.Where(n => n.ProcessorTenantId == processor.Id).Select(AnnouncedChange.Of).ToList(), time.GetUtcNow().UtcDateTime);
        return new CustomerSubProcessors(processor, listed, notices);
    }

    /// <summary>
    /// The public list of a tenant's sub-processors: the processor's, as the customer was told, for a tenant another
    /// serves; else its own data map's, held back by its own announced changes until they take effect.
    /// </summary>
    public async Task<IReadOnlyList<ListedSubProcessor>> PublicListAsync(Tenant tenant, CancellationToken ct)
    {
        if (tenant.ServedBy is not null)
        {
            return (await ForCustomerAsync(tenant, ct)).SubProcessors;
        }

        scope.Enter(tenant.Id);
        var now = time.GetUtcNow().UtcDateTime;
        return SubProcessors.AsSeenAt(SubProcessors.Of(await ProcessorManifestAsync(tenant, ct)), await PendingAsync(db, now, ct), now);
    }

    /// <summary>
    /// The changes of a processor tenant's own sub-processors not yet in effect at <paramref name="now"/>: until then they
    /// are not used for its customers' data, so requests are not forwarded to them (<see cref="Requests.Forwarding"/>).
    /// </summary>
    public static async Task<IReadOnlyList<AnnouncedChange>> PendingAsync(LetheDbContext db, DateTime now, CancellationToken ct) =>
        (await db.SubProcessorChanges.AsNoTracking().Where(c => c.EffectiveAt > now).ToListAsync(ct)).Select(AnnouncedChange.Of).ToList();

    /// <summary>
    /// The data map in force of the tenant serving a customer, read from the customer's unit of work: a unit of work
    /// keeps to one tenant, so this one crosses to the processor's revisions by name, and reads nothing else of it.
    /// </summary>
    private async Task<Manifest?> ProcessorManifestAsync(Tenant processor, CancellationToken ct)
    {
        var revision = await db.DataMapRevisions.IgnoreQueryFilters().AsNoTracking().Where(r => r.TenantId == processor.Id)
            .OrderByDescending(r => r.Revision).FirstOrDefaultAsync(ct);
        if (revision is null)
        {
            return null;
        }

        if (cache.Find(revision.Id) is { } known)
        {
            return known.Manifest;
        }

        var read = ManifestReader.Read(revision.Yaml, $"{processor.Slug}.yaml", storedRevision: true);
        if (!read.IsValid)
        {
            return null;
        }

        cache.Keep(new DataMapInForce(revision, read));
        return read.Manifest;
    }

    /// <summary>Records the customer's objection with its reason; once per notice, and only within the notice period.</summary>
    public async Task<Outcome<SubProcessorNotice>> ObjectAsync(Tenant customer, AuditActor actor, Guid noticeId, string? reason, CancellationToken ct)
    {
        scope.Enter(customer.Id);
        var errors = new ValidationErrors();
        errors.Required("reason", reason, ObjectionLimit);
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        if (await db.SubProcessorNotices.SingleOrDefaultAsync(n => n.Id == noticeId, ct) is not { } notice)
        {
            return new NotFound("Notice", noticeId.ToString());
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!notice.MayObject(now))
        {
            return new Conflict(notice.ObjectedAt is not null
                ? Texts.Get("error.sub_processor.objected_already", "en")
                : Texts.Fill(Texts.Get("error.sub_processor.period_ended", "en"), new Dictionary<string, string> { ["time"] = notice.EffectiveAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) }));
        }

        notice.Object(reason!.Trim(), actor.Name, now);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.SubProcessorObjected, customer.Id, $"sub-processor-notice:{notice.Id}",
            new Dictionary<string, string?> { ["change"] = notice.ChangeId.ToString(), ["processorTenant"] = notice.ProcessorTenantId.ToString() }), ct);
        return notice;
    }

    /// <summary>The changes the processor announced, newest first, each with the customers told and their objections.</summary>
    public async Task<IReadOnlyList<ChangeWithObjections>> ForProcessorAsync(Tenant processor, CancellationToken ct)
    {
        scope.Enter(processor.Id);
        var changes = await db.SubProcessorChanges.AsNoTracking().OrderByDescending(c => c.OpenedAt).ToListAsync(ct);
        // The notices are the customers' rows: the processor reads those about its own changes, and nothing else of theirs.
        var notices = await db.SubProcessorNotices.IgnoreQueryFilters().AsNoTracking().Where(n => n.ProcessorTenantId == processor.Id).ToListAsync(ct);
        var customerIds = notices.Select(n => n.TenantId).Distinct().ToList();
        var customers = await db.Tenants.AsNoTracking().Where(t => customerIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return changes.Select(c => new ChangeWithObjections(c, notices.Where(n => n.ChangeId == c.Id)
            .Select(n => (customers[n.TenantId], n)).OrderBy(x => x.Item1.Name, StringComparer.Ordinal)
            // Two customers may share a name (two branches, two registrations); the slug is unique and keeps the order stable.
            .ThenBy(x => x.Item1.Slug, StringComparer.Ordinal).ToList())).ToList();
    }
}
