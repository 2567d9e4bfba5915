using System.Text.Json;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Audit;

/// <summary>
/// Makes a page of the audit log readable: who acted by the name a colleague knows them by, and what each entry is
/// about. Names come from the console's own accounts and API keys only; a request is named by its link, never by the
/// person who made it, so the log shows no one's personal data beyond what its entries hold.
/// </summary>
public sealed class AuditReader(LetheDbContext db)
{
    /// <summary>How many of a person's requests a filter by person follows.</summary>
    public const int PersonRequests = 500;

    public async Task<IReadOnlyList<ReadableAuditEntry>> ReadAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var targets = entries.Select(e => AuditTarget.Parse(e.Target)).ToList();
        var userIds = entries.Where(e => e.ActorKind == "user" && e.ActorId is not null).Select(e => e.ActorId!)
            .Concat(targets.Where(t => t?.Kind == "user").Select(t => t!.Id)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.Email, ct);
        var keyIds = entries.Where(e => e.ActorKind == "api-key").Select(e => e.ActorId)
            .Concat(targets.Where(t => t?.Kind == "api-key").Select(t => t!.Id))
            .Select(id => Guid.TryParse(id, out var g) ? g : (Guid?)null).OfType<Guid>().Distinct().ToList();
        // Keys are looked up across tenants: the platform's log shows every tenant's, a tenant's log only its own.
        var keys = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking().Where(k => keyIds.Contains(k.Id))
            .ToDictionaryAsync(k => k.Id.ToString(), k => (string?)k.Name, ct);
        var tenantIds = entries.Select(e => e.TenantId).OfType<Guid>().Distinct().ToList();
        var tenants = await db.Tenants.IgnoreQueryFilters().AsNoTracking().Where(t => tenantIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => t.Slug, ct);

        return entries.Select((e, i) =>
        {
            var who = e.ActorKind switch
            {
                "user" => new AuditWho(e.ActorKind, Known(users, e.ActorId) ?? e.ActorName),
                "api-key" => new AuditWho(e.ActorKind, Known(keys, e.ActorId) ?? e.ActorName),
                _ => new AuditWho(e.ActorKind, e.ActorName),
            };
            var target = targets[i] is { } t
                ? t with
                {
                    Name = t.Kind switch { "user" => Known(users, t.Id), "api-key" => Known(keys, t.Id), _ => null },
                    TenantSlug = e.TenantId is { } tenant && tenants.TryGetValue(tenant, out var slug) ? slug : null,
                }
                : null;
            return new ReadableAuditEntry(e, who, target, Pretty(e.Details));
        }).ToList();
    }

    /// <summary>
    /// The targets of the requests a person made: by an e-mail address they gave, or by one request of theirs (then
    /// also their other requests with the same address). The requests are those <paramref name="requests"/> shows.
    /// </summary>
    public async Task<IReadOnlyList<string>> PersonTargetsAsync(IQueryable<DataRequest> requests, string person, CancellationToken ct)
    {
        var emails = new List<string>();
        var found = new List<Guid>();
        if (Guid.TryParse(person.Trim(), out var id))
        {
            if (await requests.AsNoTracking().Where(r => r.Id == id).Select(r => r.IdentitiesJson).SingleOrDefaultAsync(ct) is not { } json)
            {
                return [];
            }

            found.Add(id);
            emails.AddRange(Emails(json));
        }
        else
        {
            emails.Add(person.Trim());
        }

        foreach (var email in emails.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            // A coarse match in SQL, then the exact one on the parsed identities: the JSON is not queried the same way on both databases.
            var lower = email.ToLowerInvariant();
            var candidates = await requests.AsNoTracking().Where(r => r.IdentitiesJson.ToLower().Contains(lower))
                .OrderByDescending(r => r.CreatedAt).Take(PersonRequests).Select(r => new { r.Id, r.IdentitiesJson }).ToListAsync(ct);
            found.AddRange(candidates.Where(c => Emails(c.IdentitiesJson).Contains(email, StringComparer.OrdinalIgnoreCase)).Select(c => c.Id));
        }

        return found.Distinct().Select(r => $"request:{r}").ToList();
    }

    private static IEnumerable<string> Emails(string identitiesJson) =>
        (JsonSerializer.Deserialize<List<Identity>>(identitiesJson) ?? []).Where(i => i.Type == "email").Select(i => i.Value.Trim());

    private static string? Known(Dictionary<string, string?> names, string? id) => id is not null && names.TryGetValue(id, out var name) ? name : null;

    private static string Pretty(string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return details;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>An audit entry as a person reads it; <see cref="Details"/> is the entry's JSON, indented.</summary>
public sealed record ReadableAuditEntry(AuditEntry Entry, AuditWho Who, AuditTarget? About, string Details);

/// <summary>Who acted: a user by display name or e-mail, an API key by its name, else the kind (Lethe itself, the command line, the person by their link).</summary>
public sealed record AuditWho(string Kind, string? Name);

/// <summary>What an entry is about, from its <c>kind:id</c> target: a request, a user, an API key, a retention run, …</summary>
public sealed record AuditTarget(string Kind, string Id)
{
    /// <summary>A user's or an API key's name; never a data subject's.</summary>
    public string? Name { get; init; }

    /// <summary>The tenant the entry belongs to, for links into its console.</summary>
    public string? TenantSlug { get; init; }

    /// <summary>
    /// Every kind of target the code writes, each said in words in the audit log (<see cref="Localization.TextId.AuditTarget"/>);
    /// a kind written before this list knew it is shown as written.
    /// </summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "request", "user", "api-key", "tenant", "reseller", "breach", "review", "message", "notice", "data-map", "datastore-secret", "processor",
        "sub-processor", "sub-processor-notice", "system", "duty", "scan", "scan-finding", "retention-run", "retention-hold",
    ];

    public Guid? RequestId => Kind == "request" && Guid.TryParse(Id, out var id) ? id : null;

    public static AuditTarget? Parse(string? target)
    {
        var cut = target?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return target is null || cut <= 0 ? null : new AuditTarget(target[..cut], target[(cut + 1)..]);
    }
}
