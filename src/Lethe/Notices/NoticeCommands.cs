using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Consent;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Notices;

/// <summary>Publishing the privacy notice from the data map, reading versions, and checking the published one against the rules in force.</summary>
public sealed class NoticeCommands(LetheDbContext db, TenantScope scope, DataMapCommands dataMap, AuditLog audit, TimeProvider time, RecentReads recent)
{
    private const string RecentKind = "notice";
    private const string AskingKind = "notice-asking-consent";

    public Task<Outcome<NoticeVersion>> PublishAsync(Tenant tenant, AuditActor actor, CancellationToken cancellationToken) =>
        PublishAsync(tenant, actor, askConsentAgain: false, cancellationToken);

    /// <param name="askConsentAgain">
    /// Mark the version a material change for consent even when the consent purposes read as before (e.g. the rest of
    /// the notice changed what people agreed to). Otherwise it is one exactly when they do not.
    /// </param>
    public async Task<Outcome<NoticeVersion>> PublishAsync(Tenant tenant, AuditActor actor, bool askConsentAgain, CancellationToken cancellationToken)
    {
        if (await dataMap.InForceAsync(tenant, cancellationToken) is not { } inForce)
        {
            return new NotFound("Data map", tenant.Slug);
        }

        var (revision, manifest) = (inForce.Revision, inForce.Manifest);

        var latest = await LatestAsync(tenant, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var number = (latest?.Number ?? 0) + 1;
        var languages = Languages(manifest);
        var consentTexts = ConsentPurpose.Fingerprint(ConsentPurpose.From(manifest));
        var content = languages.ToDictionary(l => l, l => NoticeRenderer.Render(manifest, l, number, DateOnly.FromDateTime(now)));
        var version = new NoticeVersion
        {
            TenantId = tenant.Id,
            Number = number,
            DataMapRevision = revision.Revision,
            ContentJson = JsonSerializer.Serialize(content),
            FactsJson = JsonSerializer.Serialize(NoticeFacts.Of(manifest)),
            PublishedAt = now,
            PublishedBy = actor.Name,
            ConsentTexts = consentTexts,
            KeepsConsent = !askConsentAgain && latest?.ConsentTexts == consentTexts,
        };
        db.NoticeVersions.Add(version);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.NoticePublished, tenant.Id, $"notice:{number}",
            new Dictionary<string, string?>
            {
                ["dataMapRevision"] = revision.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["asksConsentAgain"] = version.AsksConsentAgain ? "true" : "false",
            }),
            cancellationToken);
        recent.Forget(RecentKind, tenant.Id);
        recent.Forget(AskingKind, tenant.Id);
        return version;
    }

    public async Task<NoticeVersion?> LatestAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.NoticeVersions.AsNoTracking().OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The number of the newest published notice, without its texts, as read at most <paramref name="maxAge"/> ago
    /// (this server's own publications are seen at once); null before the first.
    /// </summary>
    public Task<int?> LatestNumberAsync(Tenant tenant, TimeSpan maxAge, CancellationToken cancellationToken) =>
        NewestNumberAsync(RecentKind, tenant, maxAge, askingOnly: false, cancellationToken);

    /// <summary>
    /// The number of the newest version that asks for consent again (a material change for consent), as read at most
    /// <paramref name="maxAge"/> ago; consent given under it or later still holds. Null before the first notice.
    /// </summary>
    public Task<int?> LatestAskingConsentAsync(Tenant tenant, TimeSpan maxAge, CancellationToken cancellationToken) =>
        NewestNumberAsync(AskingKind, tenant, maxAge, askingOnly: true, cancellationToken);

    private Task<int?> NewestNumberAsync(string kind, Tenant tenant, TimeSpan maxAge, bool askingOnly, CancellationToken cancellationToken) =>
        recent.GetAsync(kind, tenant.Id, maxAge, async () =>
        {
            scope.Enter(tenant.Id);
            return await db.NoticeVersions.Where(v => !askingOnly || !v.KeepsConsent).OrderByDescending(v => v.Number).Select(v => (int?)v.Number)
                .FirstOrDefaultAsync(cancellationToken);
        });

    public async Task<NoticeVersion?> VersionAsync(Tenant tenant, int number, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.NoticeVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Number == number, cancellationToken);
    }

    public async Task<IReadOnlyList<NoticeVersion>> VersionsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        return await db.NoticeVersions.AsNoTracking().OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
    }

    /// <summary>Compares what the published notice states with what the data map in force enforces, in the comparable lines <see cref="NoticeFacts.Of"/> stores.</summary>
    public Task<NoticeDrift> CheckAsync(Tenant tenant, CancellationToken cancellationToken) => CheckAsync(tenant, language: null, cancellationToken);

    /// <summary>
    /// The same comparison with each line said in words of <paramref name="language"/>, for a person: a promise no longer
    /// true in the words of the data map it was published from, where that revision can still be read.
    /// </summary>
    public Task<NoticeDrift> CheckInWordsAsync(Tenant tenant, string language, CancellationToken cancellationToken) => CheckAsync(tenant, language, cancellationToken);

    private async Task<NoticeDrift> CheckAsync(Tenant tenant, string? language, CancellationToken cancellationToken)
    {
        var manifest = await dataMap.CurrentManifestAsync(tenant, cancellationToken);
        var current = manifest is null ? [] : NoticeFacts.Of(manifest);
        var now = manifest is null || language is null ? new Dictionary<string, string>() : NoticeFacts.Said(manifest, language);
        string InWords(string line, IReadOnlyDictionary<string, string> said) => said.TryGetValue(line, out var words) ? words : line;
        if (await LatestAsync(tenant, cancellationToken) is not { } published)
        {
            return new NoticeDrift(null, [], current.Select(l => InWords(l, now)).ToList());
        }

        var stated = JsonSerializer.Deserialize<List<string>>(published.FactsJson) ?? [];
        var missingInText = manifest is null ? [] : UnstatedInText(manifest, Content(published)).ToList();
        var noLongerTrue = stated.Except(current, StringComparer.Ordinal).ToList();
        var notStated = current.Except(stated, StringComparer.Ordinal).ToList();
        if (language is null)
        {
            return new NoticeDrift(published.Number, noLongerTrue, notStated.Concat(missingInText.Select(f => f.Line)).ToList());
        }

        var then = noLongerTrue.Count > 0 && await PublishedFromAsync(tenant, published, cancellationToken) is { } old ? NoticeFacts.Said(old, language) : now;
        return new NoticeDrift(
            published.Number,
            noLongerTrue.Select(l => InWords(l, then)).ToList(),
            notStated.Select(l => InWords(l, now)).Concat(missingInText.Select(f => f.Say(language))).ToList());
    }

    /// <summary>The data map a version was published from, or null when that revision is gone or no longer reads.</summary>
    private async Task<Manifest?> PublishedFromAsync(Tenant tenant, NoticeVersion published, CancellationToken cancellationToken)
    {
        scope.Enter(tenant.Id);
        var yaml = await db.DataMapRevisions.AsNoTracking().Where(r => r.Revision == published.DataMapRevision).Select(r => r.Yaml).SingleOrDefaultAsync(cancellationToken);
        return yaml is null ? null : ManifestReader.Read(yaml, $"{tenant.Slug}.yaml", storedRevision: true) is { IsValid: true } read ? read.Manifest : null;
    }

    public static IReadOnlyDictionary<string, string> Content(NoticeVersion version) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(version.ContentJson) ?? [];

    /// <summary>The languages the notice is published in: those the data map has texts in, English always.</summary>
    private static List<string> Languages(Manifest m) =>
        LocalizedText.Languages.Where(l => l == "en" || m.Activities.Any(a => a.Purpose.In(l) is not null)).ToList();

    // Belt and braces: the rendered text itself must state every period and recipient in force.
    private static IEnumerable<NoticeFact> UnstatedInText(Manifest m, IReadOnlyDictionary<string, string> content)
    {
        foreach (var (written, markdown) in content)
        {
            foreach (var rule in m.RetentionRules)
            {
                var phrase = NoticeRenderer.Escape(NoticeRenderer.Period(rule, written));
                if (phrase.Length > 0 && !markdown.Contains(phrase, StringComparison.Ordinal))
                {
                    yield return new NoticeFact($"text ({written}) lacks the period of {rule.Key}: {phrase}", language => string.Format(CultureInfo.InvariantCulture,
                        Texts.Get("console.notices.fact.text_lacks_period", language), Texts.Find(TextId.LanguageName(written), language) ?? written, m.Say(rule.Description, language), phrase));
                }
            }

            foreach (var p in m.Processors.Where(p => m.Activities.Any(a => a.Recipients.Contains(p.Key))))
            {
                if (!markdown.Contains(NoticeRenderer.Escape(p.Name), StringComparison.Ordinal))
                {
                    yield return new NoticeFact($"text ({written}) lacks the recipient {p.Name}", language => string.Format(CultureInfo.InvariantCulture,
                        Texts.Get("console.notices.fact.text_lacks_recipient", language), Texts.Find(TextId.LanguageName(written), language) ?? written, p.Name));
                }
            }
        }
    }
}
