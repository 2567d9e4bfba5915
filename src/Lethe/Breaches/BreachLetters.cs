using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Breaches;

/// <summary>What sending a breach's letters would do: letters per language and the people the data map finds with no address.</summary>
public sealed record LetterPlan(int Letters, long WithoutAddress, string Languages, IReadOnlyList<DatastoreAddressees> Datastores, BreachCommunication? Sent);

/// <summary>A public notice instead of letters (Art. 34(3)(c)): why, where and when it was published.</summary>
public sealed record PublicNoticeInput(string? Reason, string? PublishedWhere, DateTime? PublishedAt);

/// <summary>
/// Telling the people of a high-risk breach (Art. 34): a dry run that counts the letters, the letters themselves — one per
/// person the data map finds in the affected datastores, in their language, through the outbox — or a public notice
/// where letters would take disproportionate effort. Each is audited with counts, never with an address.
/// </summary>
public sealed class BreachLetters(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, Outbox outbox, TimeProvider time, DatastoreConnections connections)
{
    /// <summary>The dry run: finds the people and counts the letters, sending nothing.</summary>
    public async Task<Outcome<LetterPlan>> PlanAsync(Tenant tenant, AuditActor actor, Guid id, CancellationToken ct)
    {
        var found = await PeopleAsync(tenant, id, ct);
        if (!found.Succeeded)
        {
            return found.Failure;
        }

        var (breach, addressees) = found.Value;
        var sent = await db.BreachCommunications.AsNoTracking().SingleOrDefaultAsync(c => c.BreachId == breach.Id && c.Kind == BreachCommunicationKind.Letters, ct);
        await audit.SaveChangesAsync(Event(actor, AuditActions.BreachLettersCounted, tenant, breach, Counts(addressees)), ct);
        return new LetterPlan(addressees.People.Count, addressees.WithoutAddress, addressees.Languages, addressees.Datastores, sent);
    }

    /// <summary>Queues one letter per person in the outbox, once per breach; <paramref name="description"/> replaces the register's words in the letters.</summary>
    public async Task<Outcome<BreachCommunication>> SendAsync(Tenant tenant, AuditActor actor, Guid id, string? description, CancellationToken ct)
    {
        if (description is { Length: > BreachCommands.TextLimit })
        {
            return InvalidInput.For("description", Texts.Fill(Texts.Get("error.breach.description_limit", "en"),
                new Dictionary<string, string> { ["max"] = BreachCommands.TextLimit.ToString(CultureInfo.InvariantCulture) }));
        }

        var found = await PeopleAsync(tenant, id, ct);
        if (!found.Succeeded)
        {
            return found.Failure;
        }

        var (breach, addressees) = found.Value;
        if (string.IsNullOrWhiteSpace(breach.Consequences) || string.IsNullOrWhiteSpace(breach.Measures))
        {
            return new Conflict(Texts.Get("error.breach.letters_need_assessment", "en"));
        }

        if (addressees.People.Count == 0)
        {
            return new Conflict(Texts.Get("error.breach.no_one_to_mail", "en"));
        }

        var manifest = (await dataMap.InForceAsync(tenant, ct))!.Manifest;
        var words = string.IsNullOrWhiteSpace(description) ? breach.Description : description.Trim();
        var contact = manifest.Organization.DataProtectionOfficer is { } dpo ? $"{dpo}, {tenant.ContactEmail}" : $"{tenant.Name}, {tenant.ContactEmail}";
        // Written and encrypted before the transaction: encrypting may first make a key and store it over another connection.
        var letters = addressees.People.Select(p => outbox.ComposeForTenant(tenant.Id, p.Email, MessageTemplates.BreachLetter, p.Language, new Dictionary<string, string>
        {
            ["org"] = tenant.Name,
            ["description"] = words,
            ["consequences"] = breach.Consequences,
            ["measures"] = breach.Measures,
            ["contact"] = contact,
        })).ToList();
        var sent = new BreachCommunication
        {
            TenantId = tenant.Id,
            BreachId = breach.Id,
            Kind = BreachCommunicationKind.Letters,
            Description = words,
            Letters = letters.Count,
            Languages = addressees.Languages,
            WithoutAddress = addressees.WithoutAddress,
            MadeAt = Now,
            MadeBy = actor.Name,
        };
        var queued = false;
        await audit.SaveChangesAsync(async c =>
        {
            // Decided under the audit lock, which every writer on every server takes: letters go once, whoever clicks twice.
            if (await db.BreachCommunications.AnyAsync(x => x.BreachId == breach.Id && x.Kind == BreachCommunicationKind.Letters, c))
            {
                return [];
            }

            letters.ForEach(m => outbox.Queue(m));
            db.BreachCommunications.Add(sent);
            queued = true;
            return [Event(actor, AuditActions.BreachLettersSent, tenant, breach, Counts(addressees))];
        }, ct);
        return queued ? sent : new Conflict(Texts.Get("error.breach.letters_sent", "en"));
    }

    /// <summary>Records a public notice made instead of letters, once per breach.</summary>
    public async Task<Outcome<BreachCommunication>> RecordPublicNoticeAsync(Tenant tenant, AuditActor actor, Guid id, PublicNoticeInput input, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var errors = new ValidationErrors();
        errors.Required("reason", input.Reason, BreachCommands.TextLimit);
        errors.Required("publishedWhere", input.PublishedWhere, 1000);
        if (input.PublishedAt is { } at && at.ToUniversalTime() > Now.AddMinutes(5))
        {
            errors.Add("publishedAt", Texts.Get("error.breach.published_future", "en"));
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var high = await HighRiskAsync(id, ct);
        if (!high.Succeeded)
        {
            return high.Failure;
        }

        var breach = high.Value;
        var notice = new BreachCommunication
        {
            TenantId = tenant.Id,
            BreachId = id,
            Kind = BreachCommunicationKind.PublicNotice,
            Reason = input.Reason!.Trim(),
            PublishedWhere = input.PublishedWhere!.Trim(),
            PublishedAt = input.PublishedAt?.ToUniversalTime() ?? Now,
            MadeAt = Now,
            MadeBy = actor.Name,
        };
        var recorded = false;
        await audit.SaveChangesAsync(async c =>
        {
            if (await db.BreachCommunications.AnyAsync(x => x.BreachId == id && x.Kind == BreachCommunicationKind.PublicNotice, c))
            {
                return [];
            }

            db.BreachCommunications.Add(notice);
            recorded = true;
            return [Event(actor, AuditActions.BreachPublicNotice, tenant, breach)];
        }, ct);
        return recorded ? notice : new Conflict(Texts.Get("error.breach.notice_recorded", "en"));
    }

    private async Task<Outcome<(Breach Breach, BreachAddressees People)>> PeopleAsync(Tenant tenant, Guid id, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var high = await HighRiskAsync(id, ct);
        if (!high.Succeeded)
        {
            return high.Failure;
        }

        if (await dataMap.InForceAsync(tenant, ct) is not { } inForce)
        {
            return new Conflict(Texts.Get("error.breach.no_data_map_letters", "en"));
        }

        var resolve = new ValidationErrors();
        if (BreachImpact.Of(inForce.Manifest, high.Value.AffectedParts, resolve) is not { } impact)
        {
            return new Conflict(Texts.Fill(Texts.Get("error.breach.data_map_changed", "en"),
                new Dictionary<string, string> { ["problem"] = string.Join(" ", resolve.ToFailure().Errors.SelectMany(e => e.Value)) }));
        }

        var people = await BreachAddressees.FindAsync(impact, await connections.ForTenantAsync(db, tenant.Id, ct), AuthorityNotification.LanguageFor(tenant.Country), ct);
        return (high.Value, people);
    }

    /// <summary>Art. 34(1): the people are told of a breach likely to result in a high risk, and only of such a one.</summary>
    private async Task<Outcome<Breach>> HighRiskAsync(Guid id, CancellationToken ct)
    {
        if (await db.Breaches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct) is not { } breach)
        {
            return new NotFound("Breach", id.ToString());
        }

        if (breach.Status == BreachStatus.Closed)
        {
            return new Conflict(Texts.Get("error.breach.closed_nothing_sent", "en"));
        }

        if (breach.Risk != BreachRisk.HighRisk)
        {
            return new Conflict(breach.Risk is { } risk
                ? Texts.Fill(Texts.Get("error.breach.not_high_risk", "en"), new Dictionary<string, string> { ["risk"] = risk.ToWire() })
                : Texts.Get("error.breach.assess_first_people", "en"));
        }

        return breach;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static Dictionary<string, string?> Counts(BreachAddressees people) => new()
    {
        ["letters"] = people.People.Count.ToString(CultureInfo.InvariantCulture),
        ["withoutAddress"] = people.WithoutAddress.ToString(CultureInfo.InvariantCulture),
        ["languages"] = people.Languages,
        ["incomplete"] = people.Incomplete ? "true" : null,
    };

    private static AuditEvent Event(AuditActor actor, string action, Tenant tenant, Breach breach, Dictionary<string, string?>? details = null) =>
        new(actor, action, tenant.Id, $"breach:{breach.Id}", details);
}
