using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Consent;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>
/// What Lethe itself holds about a person whose erasure is approved: their consent log entries and current consents,
/// and the identities and message of their earlier, closed requests. The suppression entry stays — a keyed hash kept so
/// they are not contacted again (Art. 21(3)) — and so does the erasure request itself, which proves it was done.
/// </summary>
public sealed class OwnRecordsErasure(LetheDbContext db, TenantScope scope, AuditLog audit, TimeProvider time)
{
    public const string Erased = "(erased)";

    public async Task EraseAsync(Tenant tenant, AuditActor actor, DataRequest erasure, CancellationToken ct)
    {
        // Only checked identities say who the person is (Identity.Unverified): a stranger's number typed beside one's
        // own address must not erase the records of the stranger's requests.
        var identities = erasure.SearchIdentities();
        var key = await ConsentSubject.TenantKeyAsync(db, tenant.Id, time, ct);
        var subjects = identities.Where(i => i.Type == "email").Select(i => ContactAddress.Email(i.Value)).OfType<string>()
            .Select(e => ConsentSubject.Key(ConsentSubject.Person, e, key)).ToList();
        scope.Enter(tenant.Id);
        var consentEvents = await db.ConsentEvents.Where(e => subjects.Contains(e.Subject)).ExecuteDeleteAsync(ct);

        var country = tenant.Country.ToString();
        var open = RequestStatus.Open;
        var earlier = await db.Requests.Where(r => r.Id != erasure.Id && !open.Contains(r.Status)).ToListAsync(ct);
        var forgotten = 0;
        foreach (var request in earlier)
        {
            if (SamePerson(identities, request.SearchIdentities(), country))
            {
                request.IdentitiesJson = JsonSerializer.Serialize(request.Identities().Select(i => new Identity(i.Type, Erased)));
                request.Message = null;
                request.ExtensionReason = request.ExtensionReason is null ? null : Erased;
                request.VerificationEvidence = request.VerificationEvidence is null ? null : Erased;
                forgotten++;
            }
        }

        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.OwnRecordsErased, tenant.Id, $"request:{erasure.Id}", new Dictionary<string, string?>
        {
            ["consentEvents"] = consentEvents.ToString(CultureInfo.InvariantCulture),
            ["earlierRequests"] = forgotten.ToString(CultureInfo.InvariantCulture),
        }), ct);
    }

    /// <summary>
    /// Whether an earlier request was the same person's: an identity of the same type and the same value once normalised
    /// (an e-mail in any case, a phone number in any spelling), or every part of a composite identity alike. A value
    /// alone is not enough: extension 101 of one customer is not extension 101 of another.
    /// </summary>
    public static bool SamePerson(IReadOnlyCollection<Identity> ours, IReadOnlyCollection<Identity> theirs, string country)
    {
        // A value that identifies no one (a phone "n/a") is nobody's: it never makes two requests the same person's.
        string? Normal(Identity i) => i.Type == "phone" ? IdentityMatch.E164(i.Value, country) : IdentityMatch.Values(i.Type, i.Value, country, postgres: true) is [var v] && v.Length > 0 ? v : null;
        bool Has(Identity mine) => Normal(mine) is { } value && theirs.Any(t => t.Type == mine.Type && Normal(t) == value);

        var composite = ours.Where(i => CompositeParts.Contains(i.Type)).ToList();
        return ours.Where(i => !CompositeParts.Contains(i.Type)).Any(Has)
               || (composite.Count == CompositeParts.Count && composite.All(Has));
    }

    private static readonly HashSet<string> CompositeParts = new(StringComparer.Ordinal) { "extension", "full_name" };
}
