using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
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
            errors.Add("awareAt", "Say when the company became aware of the breach (an ISO 8601 time with its offset): the 72 hours count from then.");
        }
        else if (aware.ToUniversalTime() > now.AddMinutes(5))
        {
            errors.Add("awareAt", "The time of awareness lies in the future; give when the company actually became aware.");
        }

        if (input.OccurredAt is { } occurred && input.AwareAt is { } awareAt && occurred.ToUniversalTime() > awareAt.ToUniversalTime())
        {
            errors.Add("occurredAt", "The breach cannot have happened after the company became aware of it; give an earlier time or none.");
        }

        var inForce = await dataMap.InForceAsync(tenant, ct);
        BreachImpact? impact = null;
        if (inForce is null)
        {
            errors.Add("affected", "The tenant has no data map yet; import one, so Lethe can tell what the breach touched.");
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
            errors.Add("risk", "Use one of unlikely, risk, high_risk.");
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
            return new Conflict($"The breach is {breach.Status.ToWire()}; its assessment can no longer change. Add what is new as a further notification.");
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
    public async Task<Outcome<BreachNotification>> NotifyAsync(Tenant tenant, AuditActor actor, Guid id, NotificationInput input, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        if (await db.Breaches.SingleOrDefaultAsync(b => b.Id == id, ct) is not { } breach)
        {
            return new NotFound("Breach", id.ToString());
        }

        if (!BreachStatus.CanMove(breach.Status, BreachStatus.Notified))
        {
            return new Conflict(breach.Status == BreachStatus.Open
                ? "Assess the breach's risk first: the notification states it."
                : $"The breach is {breach.Status.ToWire()}; nothing more is notified.");
        }

        var now = Now;
        var first = breach.NotifiedAt is null;
        var errors = new ValidationErrors();
        if (first && breach.Clock.IsLate(now) && string.IsNullOrWhiteSpace(input.LateReason))
        {
            errors.Add("lateReason", "The 72 hours have passed: say why the notification is late (Art. 33(1)).");
        }

        Optional(errors, "lateReason", input.LateReason);
        if (first)
        {
            // The first notification states the assessment as it stands; changing it first is an assessment.
            foreach (var (field, text) in new[] { ("added", input.Added), ("consequences", input.Consequences), ("measures", input.Measures) })
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    errors.Add(field, $"The first notification states the assessment as it stands; leave '{field}' out, or assess again to change it. It is for later phases.");
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
            return new Conflict("The tenant has no data map in force; import it again before notifying.");
        }

        var resolve = new ValidationErrors();
        if (BreachImpact.Of(inForce.Manifest, breach.AffectedParts, resolve) is not { } impact)
        {
            return new Conflict($"The data map in force no longer holds what the breach touched: {string.Join(" ", resolve.ToFailure().Errors.SelectMany(e => e.Value))}");
        }

        var counts = await BreachCounts.CountAsync(impact, await connections.ForTenantAsync(db, tenant.Id, ct), now, ct);
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
                ? "The breach is closed already."
                : "Notify the authority first, or assess the breach as unlikely to result in a risk, with the reasons.");
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
            errors.Add(field, $"Keep '{field}' to at most {TextLimit} characters.");
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
