using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Breaches;

/// <summary>The breach register: record, read, assess, notify the authority, close — each step audited.</summary>
public sealed class BreachCommands(LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, DatastoreConnections connections)
{
    public const int TextLimit = 4000;

    /// <summary>Records a breach against the data map in force and counts what it touched.</summary>
    public async Task<Outcome<Breach>> RegisterAsync(Tenant tenant, AuditActor actor, BreachInput input, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var now = Now;
        var errors = new ValidationErrors();
        errors.Required("description", input.Description, TextLimit);
        if (input.AwareAt is not { } aware)
        {
            errors.Add("awareAt", Texts.Get("error.breach.aware_required", "en"));
        }
        else if (aware.ToUniversalTime() > now.AddMinutes(5))
        {
            errors.Add("awareAt", Texts.Get("error.breach.aware_future", "en"));
        }

        if (input.OccurredAt is { } occurred && input.AwareAt is { } awareAt && occurred.ToUniversalTime() > awareAt.ToUniversalTime())
        {
            errors.Add("occurredAt", Texts.Get("error.breach.occurred_after", "en"));
        }

        var inForce = await dataMap.InForceAsync(tenant, ct);
        BreachImpact? impact = null;
        if (inForce is null)
        {
            errors.Add("affected", Texts.Get("error.breach.no_data_map", "en"));
        }
        else
        {
            impact = BreachImpact.Of(inForce.Manifest, (input.Affected ?? []).OfType<string>().Select(a => a.Trim()).Where(a => a.Length > 0).ToList(), errors);
        }

        if (errors.Any || impact is null || inForce is null)
        {
            return errors.ToFailure();
        }

        var breach = new Breach
        {
            TenantId = tenant.Id,
            OccurredAt = input.OccurredAt?.ToUniversalTime(),
            AwareAt = input.AwareAt!.Value.ToUniversalTime(),
            Description = input.Description!.Trim(),
            Affected = string.Join(' ', impact.Collections.Select(c => c.Path)),
            DataMapRevision = inForce.Revision.Revision,
            RecordedAt = now,
            RecordedBy = actor.Name,
        };
        breach.CountsJson = (await BreachCounts.CountAsync(impact, await connections.ForTenantAsync(db, tenant.Id, ct), now, ct)).ToJson();
        db.Breaches.Add(breach);
        await audit.SaveChangesAsync(Event(actor, AuditActions.BreachRegistered, tenant, breach, new Dictionary<string, string?>
        {
            ["awareAt"] = breach.AwareAt.ToString("O", CultureInfo.InvariantCulture),
            ["affected"] = breach.Affected,
        }), ct);
        return breach;
    }

    /// <summary>The register, newest awareness first; reading it is audited like any other access to breaches.</summary>
    public async Task<IReadOnlyList<Breach>> ListAsync(Tenant tenant, AuditActor actor, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var breaches = await db.Breaches.AsNoTracking().OrderByDescending(b => b.AwareAt).ToListAsync(ct);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.BreachRegisterRead, tenant.Id, "breaches"), ct);
        return breaches;
    }

    /// <summary>The open breaches with their clocks, for the overview; not audited, as it shows no description.</summary>
    public async Task<IReadOnlyList<Breach>> OpenAsync(Tenant tenant, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.Breaches.AsNoTracking().Where(b => b.Status == BreachStatus.Open || b.Status == BreachStatus.Assessed)
            .OrderBy(b => b.AwareAt).ToListAsync(ct);
    }

    public async Task<Outcome<BreachView>> GetAsync(Tenant tenant, AuditActor actor, Guid id, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.Breaches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct) is not { } breach)
        {
            return new NotFound("Breach", id.ToString());
        }

        await audit.SaveChangesAsync(Event(actor, AuditActions.BreachViewed, tenant, breach), ct);
        return await ViewAsync(tenant, breach, ct);
    }

    public async Task<Outcome<BreachView>> AssessAsync(Tenant tenant, AuditActor actor, Guid id, AssessmentInput input, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var errors = new ValidationErrors();
        if (!WireNames.TryParse<BreachRisk>(input.Risk, out var risk))
        {
            errors.Add("risk", Texts.Get("error.breach.risk_value", "en"));
        }

        errors.Required("reasons", input.Reasons, TextLimit);
        Optional(errors, "consequences", input.Consequences);
        Optional(errors, "measures", input.Measures);
        if (errors.Any)
        {
            return errors.ToFailure();
        }

        if (await db.Breaches.SingleOrDefaultAsync(b => b.Id == id, ct) is not { } breach)
        {
            return new NotFound("Breach", id.ToString());
        }

        if (!BreachStatus.CanMove(breach.Status, BreachStatus.Assessed))
        {
            return new Conflict(Texts.Fill(Texts.Get("error.breach.assessment_fixed", "en"), new Dictionary<string, string> { ["breach_status"] = breach.Status.ToWire() }));
        }

        breach.Assess(risk, input.Reasons!.Trim(), Trimmed(input.Consequences), Trimmed(input.Measures), actor.Name, Now);
        await audit.SaveChangesAsync(Event(actor, AuditActions.BreachAssessed, tenant, breach, new Dictionary<string, string?> { ["risk"] = risk.ToWire() }), ct);
        return await ViewAsync(tenant, breach, ct);
    }

    /// <summary>
    /// Notifies the authority: counts again, renders the notification in its language and keeps it. The first after 72
    /// hours needs its reason; each later one is a further phase (Art. 33(4)) that says what it adds, and may bring new
    /// consequences and measures, which the assessment can no longer change once the authority has been told.
    /// </summary>
    public Task<Outcome<BreachNotification>> NotifyAsync(Tenant tenant, AuditActor actor, Guid id, NotificationInput input, CancellationToken ct) =>
        NotifyAsync(tenant, actor, id, input, record: true, ct);

    /// <summary>
    /// The notification <see cref="NotifyAsync(Tenant, AuditActor, Guid, NotificationInput, CancellationToken)"/> would
    /// make now, checked and counted the same way but neither kept nor moving the breach: the officer reads it and sends
    /// it through the authority's own channel before recording it as made.
    /// </summary>
    public Task<Outcome<BreachNotification>> PreviewNotificationAsync(Tenant tenant, AuditActor actor, Guid id, NotificationInput input, CancellationToken ct) =>
        NotifyAsync(tenant, actor, id, input, record: false, ct);

    private async Task<Outcome<BreachNotification>> NotifyAsync(Tenant tenant, AuditActor actor, Guid id, NotificationInput input, bool record, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        // A preview changes a copy the context does not track, so nothing it sets can be saved by a later save.
        var breaches = record ? db.Breaches : db.Breaches.AsNoTracking();
        if (await breaches.SingleOrDefaultAsync(b => b.Id == id, ct) is not { } breach)
        {
            return new NotFound("Breach", id.ToString());
        }

        if (!BreachStatus.CanMove(breach.Status, BreachStatus.Notified))
        {
            return new Conflict(breach.Status == BreachStatus.Open
                ? Texts.Get("error.breach.assess_first", "en")
                : Texts.Fill(Texts.Get("error.breach.nothing_more", "en"), new Dictionary<string, string> { ["breach_status"] = breach.Status.ToWire() }));
        }

        // The time of notification is when it reached the authority: the officer sends it through the authority's own
        // form and may record it a little later. Counts are made now; the clock and the text use the time it was sent.
        var recorded = Now;
        var now = input.SentAt is { } sent ? DateTime.SpecifyKind(sent, DateTimeKind.Utc) : recorded;
        var first = breach.NotifiedAt is null;
        var errors = new ValidationErrors();
        if (now > recorded.AddMinutes(1))
        {
            errors.Add("sentAt", Texts.Get("error.breach.sent_future", "en"));
        }
        else if (now < (breach.NotifiedAt ?? breach.AwareAt))
        {
            errors.Add("sentAt", first ? Texts.Get("error.breach.sent_before_aware", "en") : Texts.Get("error.breach.sent_before_first", "en"));
        }

        if (first && breach.Clock.IsLate(now) && string.IsNullOrWhiteSpace(input.LateReason))
        {
            errors.Add("lateReason", Texts.Get("error.breach.late_reason", "en"));
        }

        Optional(errors, "lateReason", input.LateReason);
        if (first)
        {
            // The first notification states the assessment as it stands; changing it first is an assessment.
            foreach (var (field, text) in new[] { ("added", input.Added), ("consequences", input.Consequences), ("measures", input.Measures) })
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    errors.Add(field, Texts.Fill(Texts.Get("error.breach.first_notification", "en"), new Dictionary<string, string> { ["field"] = field }));
                }
            }
        }
        else
        {
            errors.Required("added", input.Added, TextLimit);
            Optional(errors, "consequences", input.Consequences);
            Optional(errors, "measures", input.Measures);
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        if (await dataMap.InForceAsync(tenant, ct) is not { } inForce)
        {
            return new Conflict(Texts.Get("error.breach.no_data_map_notify", "en"));
        }

        var resolve = new ValidationErrors();
        if (BreachImpact.Of(inForce.Manifest, breach.AffectedParts, resolve) is not { } impact)
        {
            return new Conflict(Texts.Fill(Texts.Get("error.breach.data_map_changed", "en"),
                new Dictionary<string, string> { ["problem"] = string.Join(" ", resolve.ToFailure().Errors.SelectMany(e => e.Value)) }));
        }

        var counts = await BreachCounts.CountAsync(impact, await connections.ForTenantAsync(db, tenant.Id, ct), recorded, ct);
        var phase = await db.BreachNotifications.CountAsync(n => n.BreachId == breach.Id, ct) + 1;
        breach.Notify(Trimmed(input.LateReason), actor.Name, now);
        var changed = new List<string>();
        if (!first)
        {
            var consequences = Trimmed(input.Consequences);
            var measures = Trimmed(input.Measures);
            if (consequences is not null && consequences != breach.Consequences)
            {
                changed.Add("consequences");
            }

            if (measures is not null && measures != breach.Measures)
            {
                changed.Add("measures");
            }

            breach.Supplement(consequences, measures);
        }

        breach.CountsJson = counts.ToJson();
        var added = first ? null : Trimmed(input.Added);
        var notification = new BreachNotification
        {
            TenantId = tenant.Id,
            BreachId = breach.Id,
            Phase = phase,
            Language = AuthorityNotification.LanguageFor(tenant.Country),
            Added = added,
            Markdown = AuthorityNotification.Render(breach, tenant, inForce.Manifest, impact, counts, new NotificationPart(phase, added), now),
            CountsJson = counts.ToJson(),
            MadeAt = now,
            MadeBy = actor.Name,
        };
        if (!record)
        {
            return notification;
        }

        db.BreachNotifications.Add(notification);
        var details = new Dictionary<string, string?>
        {
            ["phase"] = phase.ToString(CultureInfo.InvariantCulture),
            ["late"] = breach.LateReason is null ? "false" : "true",
        };
        if (changed.Count > 0)
        {
            // Which statements the phase replaced, not their words: those may describe the people.
            details["changed"] = string.Join(' ', changed);
        }

        await audit.SaveChangesAsync(Event(actor, AuditActions.BreachNotified, tenant, breach, details), ct);
        return notification;
    }

    public async Task<Outcome<BreachView>> CloseAsync(Tenant tenant, AuditActor actor, Guid id, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.Breaches.SingleOrDefaultAsync(b => b.Id == id, ct) is not { } breach)
        {
            return new NotFound("Breach", id.ToString());
        }

        if (!breach.MayClose)
        {
            return new Conflict(breach.Status == BreachStatus.Closed
                ? Texts.Get("error.breach.closed_already", "en")
                : Texts.Get("error.breach.notify_or_unlikely", "en"));
        }

        breach.Close(actor.Name, Now);
        await audit.SaveChangesAsync(Event(actor, AuditActions.BreachClosed, tenant, breach), ct);
        return await ViewAsync(tenant, breach, ct);
    }

    private async Task<BreachView> ViewAsync(Tenant tenant, Breach breach, CancellationToken ct)
    {
        var notifications = await db.BreachNotifications.AsNoTracking().Where(n => n.BreachId == breach.Id).OrderBy(n => n.Phase).ToListAsync(ct);
        var manifest = await dataMap.CurrentManifestAsync(tenant, ct);
        var impact = manifest is null ? null : BreachImpact.Of(manifest, breach.AffectedParts, new ValidationErrors());
        var told = await db.BreachCommunications.AsNoTracking().Where(c => c.BreachId == breach.Id).OrderBy(c => c.MadeAt).ToListAsync(ct);
        return new BreachView(breach, impact, BreachCounts.Read(breach.CountsJson), notifications, told);
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static AuditEvent Event(AuditActor actor, string action, Tenant tenant, Breach breach, Dictionary<string, string?>? details = null) =>
        new(actor, action, tenant.Id, $"breach:{breach.Id}", details);

    private static void Optional(ValidationErrors errors, string field, string? text)
    {
        if (text is { Length: > TextLimit })
        {
            errors.Add(field, Texts.Fill(Texts.Get("error.breach.text_limit", "en"),
                new Dictionary<string, string> { ["field"] = field, ["max"] = TextLimit.ToString(CultureInfo.InvariantCulture) }));
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
