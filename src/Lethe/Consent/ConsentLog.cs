using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Notices;
using Lethe.Storage;
using Lethe.Telemetry;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;

namespace Lethe.Consent;

/// <summary>Consents given and withdrawn for one purpose in a period.</summary>
public sealed record PurposeTally(string Purpose, int Given, int Withdrawn);

/// <summary>A subject's logged event as the state read needs it.</summary>
internal sealed record LoggedChoice(Guid Id, string Action, string PurposesJson, DateTime OccurredAt, int? NoticeVersion);

/// <summary>One purpose's current answer for a subject.</summary>
public sealed record PurposeState(string Purpose, bool Given, bool Refusable, DateTime? ChangedAt, DateTime? ExpiresAt, Guid? EventId);

/// <summary>
/// The consent log: records events (one or a batch, all or none) with a receipt each, and answers what a subject has
/// consented to now from the subject's newest events.
/// </summary>
public sealed class ConsentLog(
    LetheDbContext db, TenantScope scope, DataMapCommands dataMap, NoticeCommands notices, AuditLog audit, PublicAddress address, TimeProvider time,
    TenantKeys keys, ConsentStateCache cache, IOptions<ConsentOptions> options)
{
    /// <summary>
    /// How old the data map and newest notice number may be on this path (every banner view and choice reads them):
    /// a change made through this server shows at once, one made through another within these seconds.
    /// </summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly KeyValuePair<string, object?> FromMemory = new(LetheTelemetry.Tags.StateSource, "memory");
    private static readonly KeyValuePair<string, object?> FromDatabase = new(LetheTelemetry.Tags.StateSource, "database");

    public async Task<Outcome<IReadOnlyList<ConsentEvent>>> RecordAsync(Tenant tenant, AuditActor actor, IReadOnlyList<ConsentInput> inputs, CancellationToken ct)
    {
        if (inputs.Count is 0 or > ConsentInput.MaxBatch)
        {
            return InvalidInput.For("events", $"Send between 1 and {ConsentInput.MaxBatch} events at once.");
        }

        if ((await dataMap.InForceAsync(tenant, Fresh, ct))?.Manifest is not { } manifest)
        {
            return new Conflict($"{tenant.Name} has no data map: its consent purposes come from the activities under legalBasis: consent.");
        }

        var purposes = ConsentPurpose.From(manifest);
        var byKey = purposes.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var known = string.Join(", ", purposes.Select(p => p.Key));
        var errors = new ValidationErrors();
        var normalized = new List<(ConsentInput Input, string Value, List<string> Purposes)>(inputs.Count);
        // A batch of a thousand banner events is checked here on the recording's path: plain loops and lookups, so that
        // checking allocates little more than what is kept. The field prefix is made only for an error.
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var at = i;
            string Field(string name) => inputs.Count == 1 ? name : $"events[{at}].{name}";
            var subject = ConsentSubject.Normalize(input.SubjectType, input.Subject);
            if (!subject.Succeeded)
            {
                foreach (var (field, messages) in ((InvalidInput)subject.Failure).Errors)
                {
                    errors.Add(Field(field), messages[0]);
                }
            }

            if (input.Action is not (ConsentAction.Given or ConsentAction.Withdrawn))
            {
                errors.Add(Field("action"), "must be 'given' or 'withdrawn'.");
            }

            var asked = new List<string>(input.Purposes?.Count ?? 0);
            // A banner event names a few purposes; a body of thousands must not cost a scan of the list for each.
            var seen = input.Purposes is { Count: > 8 } ? new HashSet<string>(StringComparer.Ordinal) : null;
            var nulls = false;
            foreach (var purpose in input.Purposes ?? [])
            {
                if (purpose is null)
                {
                    // JSON can send [null] where the type says it cannot.
                    nulls = true;
                }
                else if (seen?.Add(purpose) ?? !asked.Contains(purpose, StringComparer.Ordinal))
                {
                    asked.Add(purpose);
                }
            }

            if (nulls)
            {
                errors.Add(Field("purposes"), $"name each purpose as text, not null: {known}.");
            }

            if (asked.Count == 0)
            {
                errors.Add(Field("purposes"), $"name at least one purpose: {known}.");
            }

            var notInBanner = (string?)null;
            var marketing = false;
            foreach (var purpose in asked)
            {
                if (!byKey.TryGetValue(purpose, out var found))
                {
                    errors.Add(Field("purposes"), $"'{Quoted.Clip(purpose)}' is not a purpose of {tenant.Name}; its purposes are {known}.");
                    continue;
                }

                notInBanner ??= found.InBanner ? null : purpose;
                marketing |= found.Kind == PurposeKind.Marketing;
            }

            if (input.Channel == ConsentInput.BannerChannel && notInBanner is not null)
            {
                // "Accept all" on a website must never sign an anonymous browser up for a newsletter or anything else it does not show.
                errors.Add(Field("purposes"), $"'{Quoted.Clip(notInBanner)}' is not asked in the cookie banner; the banner records only the purposes it shows.");
            }

            if (input.Action == ConsentAction.Withdrawn && asked.Contains(ConsentPurpose.Necessary, StringComparer.Ordinal))
            {
                errors.Add(Field("purposes"), "'necessary' cannot be refused or withdrawn: it is what the website needs to work.");
            }

            if (input.GlobalPrivacyControl && input.Action == ConsentAction.Given && marketing)
            {
                errors.Add(Field("purposes"), "The browser sent Global Privacy Control: marketing stays off, it cannot be given with that signal.");
            }

            if (Array.IndexOf(ConsentInput.Channels, input.Channel ?? "") < 0)
            {
                errors.Add(Field("channel"), $"must be one of {string.Join(", ", ConsentInput.Channels)}.");
            }

            if (input.TextsHash is { } hash && (hash.Length != 64 || hash.AsSpan().ContainsAnyExcept(HexDigits)))
            {
                errors.Add(Field("textsHash"), "must be the SHA-256 of the texts shown, as 64 hexadecimal digits.");
            }

            if (input.NoticeVersion is < 1)
            {
                errors.Add(Field("noticeVersion"), "must be a published notice version (1 or more).");
            }

            if (input.Language is not null and not ("da" or "nb" or "en"))
            {
                errors.Add(Field("language"), "must be da, nb or en.");
            }

            normalized.Add((input, subject.Value ?? "", asked));
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var key = await KeyAsync(tenant, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var latestNotice = await notices.LatestNumberAsync(tenant, Fresh, ct);
        var receipts = ConsentReceipt.Of(manifest);
        var jurisdiction = tenant.Country.ToString();
        var recorded = new ConsentEvent[normalized.Count];
        ConsentEvent Event(int i, SubjectHasher hasher)
        {
            var (input, value, asked) = normalized[i];
            return new ConsentEvent
            {
                TenantId = tenant.Id,
                Subject = hasher.Key(input.SubjectType!, value),
                Action = input.Action!,
                PurposesJson = JsonSerializer.Serialize(asked),
                Channel = input.Channel!,
                NoticeVersion = input.NoticeVersion ?? latestNotice,
                TextsHash = input.TextsHash?.ToLowerInvariant(),
                GlobalPrivacyControl = input.GlobalPrivacyControl,
                OccurredAt = now,
                Position = i,
            };
        }

        ConsentReceipt.Draft Receipt(ConsentEvent e)
        {
            var (input, _, asked) = normalized[e.Position];
            var policyUrl = e.NoticeVersion is { } n ? $"{address.Base}/p/{tenant.Slug}/privacy/v/{n}" : null;
            return receipts.DraftOf(e, asked, jurisdiction, policyUrl, input.Language);
        }

        // Counts, never who: the subjects are in the log itself.
        var given = normalized.Count(n => n.Input.Action == ConsentAction.Given);
        var recordedEvent = new AuditEvent(actor, AuditActions.ConsentRecorded, tenant.Id, $"tenant:{tenant.Slug}", new Dictionary<string, string?>
        {
            ["events"] = recorded.Length.ToString(CultureInfo.InvariantCulture),
            ["given"] = given.ToString(CultureInfo.InvariantCulture),
            ["withdrawn"] = (recorded.Length - given).ToString(CultureInfo.InvariantCulture),
        });
        if (db.IsPostgres)
        {
            // Built while being written, under the audit lock: the lock is held about as long as writing alone took.
            var sentWith = ConsentRows.RoundTrips();
            await audit.SaveChangesAsync(async c =>
            {
                await ConsentRows.WriteAsync(db, recorded, (from, to, rows) =>
                {
                    using var hasher = new SubjectHasher(key);
                    for (var i = from; i < to; i++)
                    {
                        var e = recorded[i] = Event(i, hasher);
                        var receipt = Receipt(e);
                        ConsentRows.Append(rows, e, receipt.Write());
                        e.RenderReceiptWhenRead(receipt);
                    }
                }, sentWith, c);
                return [recordedEvent];
            }, sentWith, ct);
        }
        else
        {
            using var hasher = new SubjectHasher(key);
            for (var i = 0; i < recorded.Length; i++)
            {
                var e = recorded[i] = Event(i, hasher);
                e.ReceiptJson = Receipt(e).Render();
            }

            db.ConsentEvents.AddRange(recorded);
            await audit.SaveChangesAsync(recordedEvent, ct);
        }

        // Other servers hear of these subjects from the log's trigger; this one need not wait for that.
        if (cache.Enabled)
        {
            foreach (var e in recorded)
            {
                cache.Forget(tenant.Id, e.Subject);
            }
        }

        return recorded;
    }

    /// <summary>
    /// What the subject has consented to now, for every purpose: a lapsed consent, or one given before the newest notice
    /// that is a material change for consent, counts as not given, so the banner asks again.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<PurposeState>>> StateAsync(Tenant tenant, string? subjectType, string? subject, CancellationToken ct)
    {
        var normalized = ConsentSubject.Normalize(subjectType, subject);
        if (!normalized.Succeeded)
        {
            return normalized.Failure;
        }

        if (await dataMap.InForceAsync(tenant, Fresh, ct) is not { } inForce)
        {
            return new Conflict($"{tenant.Name} has no data map.");
        }

        var key = ConsentSubject.Key(subjectType!, normalized.Value, await KeyAsync(tenant, ct));
        var purposes = ConsentPurpose.From(inForce.Manifest);
        var askedAgainSince = await notices.LatestAskingConsentAsync(tenant, Fresh, ct);
        // Which purposes are asked follows the data map, so an answer kept in memory is for the revision it was read under.
        if (cache.TryGet(tenant.Id, key, inForce.Revision.Id, out var decided))
        {
            LetheTelemetry.ConsentStateReads.Add(1, FromMemory);
        }
        else
        {
            var ticket = cache.Begin(tenant.Id, key);
            decided = await LatestPerPurposeAsync(tenant, key, purposes.Where(p => p.Refusable).Select(p => p.Key).ToHashSet(StringComparer.Ordinal), ct);
            cache.Keep(ticket, inForce.Revision.Id, decided);
            LetheTelemetry.ConsentStateReads.Add(1, FromDatabase);
        }

        var now = time.GetUtcNow().UtcDateTime;
        return purposes.Select(p =>
        {
            if (!p.Refusable)
            {
                return new PurposeState(p.Key, true, false, null, null, null);
            }

            if (!decided.TryGetValue(p.Key, out var e))
            {
                return new PurposeState(p.Key, false, true, null, null, null);
            }

            var given = e.Action == ConsentAction.Given;
            DateTime? expires = given && subjectType == ConsentSubject.Browser ? e.OccurredAt + options.Value.BrowserLifetime : null;
            var current = given && (expires is null || expires > now) && (askedAgainSince is null || e.NoticeVersion >= askedAgainSince);
            return new PurposeState(p.Key, current, true, e.OccurredAt, expires, e.Id);
        }).ToList();
    }

    /// <summary>
    /// For each of <paramref name="purposes"/>, the subject's newest event about it: the state is a projection of the
    /// log, read newest first through its subject index and stopped as soon as every purpose has its answer.
    /// </summary>
    private async Task<Dictionary<string, LoggedChoice>> LatestPerPurposeAsync(Tenant tenant, string subject, HashSet<string> purposes, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var newest = NewestEvents.GetValue(db.Model, _ => CompileNewestEvents());
        var decided = new Dictionary<string, LoggedChoice>(StringComparer.Ordinal);
        for (var skip = 0; decided.Count < purposes.Count; skip += StatePage)
        {
            var read = 0;
            await foreach (var e in newest(db, subject, skip).WithCancellation(ct))
            {
                read++;
                foreach (var purpose in JsonSerializer.Deserialize<string[]>(e.PurposesJson) ?? [])
                {
                    if (purposes.Contains(purpose))
                    {
                        decided.TryAdd(purpose, e);
                    }
                }
            }

            if (read < StatePage)
            {
                break;
            }
        }

        return decided;
    }

    private const int StatePage = 32;

    // The state read is the hottest query Lethe has (every page view of every site with the banner); compiled, it skips
    // building, hashing and parameterising the LINQ tree per call. EF Core ties a compiled query to the model it first
    // runs on, and SQLite and PostgreSQL have a model each (both live in one process in the tests): one per model.
    private static readonly ConditionalWeakTable<IModel, Func<LetheDbContext, string, int, IAsyncEnumerable<LoggedChoice>>> NewestEvents = new();

    private static Func<LetheDbContext, string, int, IAsyncEnumerable<LoggedChoice>> CompileNewestEvents() =>
        EF.CompileAsyncQuery((LetheDbContext db, string subject, int skip) => db.ConsentEvents.AsNoTracking().Where(e => e.Subject == subject)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Position).Skip(skip).Take(StatePage)
            .Select(e => new LoggedChoice(e.Id, e.Action, e.PurposesJson, e.OccurredAt, e.NoticeVersion)));

    /// <summary>Every event of a subject, oldest first (part of an access answer); a person's history is audited when read.</summary>
    public async Task<Outcome<IReadOnlyList<ConsentEvent>>> HistoryAsync(Tenant tenant, AuditActor actor, string? subjectType, string? subject, CancellationToken ct)
    {
        var normalized = ConsentSubject.Normalize(subjectType, subject);
        if (!normalized.Succeeded)
        {
            return normalized.Failure;
        }

        var key = ConsentSubject.Key(subjectType!, normalized.Value, await KeyAsync(tenant, ct));
        scope.Enter(tenant.Id);
        var events = await db.ConsentEvents.AsNoTracking().Where(e => e.Subject == key).OrderBy(e => e.OccurredAt).Take(10_000).ToListAsync(ct);
        if (subjectType == ConsentSubject.Person)
        {
            await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.ConsentHistoryRead, tenant.Id, $"tenant:{tenant.Slug}",
                new Dictionary<string, string?> { ["events"] = events.Count.ToString(CultureInfo.InvariantCulture) }), ct);
        }

        return events;
    }

    /// <summary>
    /// How many consents were given and withdrawn per purpose since <paramref name="since"/>: counts only, for the
    /// console (who chose what is in the log, read one person at a time).
    /// </summary>
    public async Task<IReadOnlyList<PurposeTally>> TallyAsync(Tenant tenant, DateTime since, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var groups = await db.ConsentEvents.AsNoTracking().Where(e => e.OccurredAt >= since)
            .GroupBy(e => new { e.Action, e.PurposesJson })
            .Select(g => new { g.Key.Action, g.Key.PurposesJson, Count = g.Count() }).ToListAsync(ct);
        var tally = new Dictionary<string, (int Given, int Withdrawn)>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var purpose in JsonSerializer.Deserialize<string[]>(group.PurposesJson) ?? [])
            {
                var (given, withdrawn) = tally.GetValueOrDefault(purpose);
                tally[purpose] = group.Action == ConsentAction.Given ? (given + group.Count, withdrawn) : (given, withdrawn + group.Count);
            }
        }

        return tally.Select(t => new PurposeTally(t.Key, t.Value.Given, t.Value.Withdrawn)).OrderBy(t => t.Purpose, StringComparer.Ordinal).ToList();
    }

    /// <summary>The tenant's purposes now (none without a data map).</summary>
    public async Task<IReadOnlyList<ConsentPurpose>> PurposesAsync(Tenant tenant, CancellationToken ct) =>
        (await dataMap.InForceAsync(tenant, Fresh, ct))?.Manifest is { } manifest ? ConsentPurpose.From(manifest) : [];

    public async Task<ConsentEvent?> ReceiptAsync(Tenant tenant, Guid id, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        return await db.ConsentEvents.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
    }

    private async Task<byte[]> KeyAsync(Tenant tenant, CancellationToken ct) => ConsentSubject.TenantKey(await keys.SecretAsync(db, tenant.Id, ct));
}
