using Lethe.Audit;
using Lethe.Common;
using Lethe.Consent;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Lethe.Localization;

namespace Lethe.Requests;

/// <summary>One request as the person sees it on their status page, with its answer while it can be downloaded.</summary>
/// <param name="Delayed">Whether making the answer failed (a datastore could not be read): the person is told it is delayed and by when it comes.</param>
/// <param name="PastDeadline">
/// Whether the last day to answer (<see cref="DataRequest.DueOn"/>) has passed in the company's country: a delayed answer
/// is then no longer promised by that day, and the person is told so.
/// </param>
public sealed record PublicRequest(DataRequest Request, StoredAnswer? Answer, bool Delayed = false, bool PastDeadline = false);

/// <summary>What the person sees on their status page: never their identities, only where their requests are.</summary>
public sealed record PublicStatus(IReadOnlyList<PublicRequest> Requests);

/// <summary>
/// The public side of requests: a person files one or several together, confirms their e-mail address by link or code,
/// follows them and fetches the answers. Whether an address is known to the company is never looked up here, so nothing
/// a person sees can tell them; a refused token is refused the same way whether it was reused, expired or made up.
/// </summary>
public sealed class SelfServiceRequests(
    LetheDbContext db, TenantScope scope, RequestRegistration registration, RequestMessages messages, AnswerPackages packages, RequestLifecycle lifecycle,
    AuditLog audit, TimeProvider time)
{
    public static readonly AuditActor Person = new("person", null, "the person, through the privacy centre");

    public const string VerifiedByLink = "E-mail address confirmed through the link or code sent to it.";

    /// <summary>Who verified a request whose address the person confirmed (<see cref="DataRequest.VerifiedBy"/>).</summary>
    public const string VerifiedByLinkOrCode = "e-mail link or code";

    /// <summary>
    /// The rights a person can ask for on the form, by their wire names, as the form sends them. A correction is asked in
    /// the person's own words (<see cref="Correction"/>) and confirmed by an agent before anything changes.
    /// </summary>
    public static readonly string[] Types = RequestType.All.Select(t => t.ToWire()).ToArray();

    /// <summary>
    /// The longest text each field of the form takes (by the form's field names). Longer text is refused with the field
    /// named, never cut: a cut message or correction would be acted on as if the person had said only that.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> Limits = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["email"] = Lethe.Common.EmailSyntax.MaxLength,
        ["full_name"] = RequestInput.MaxValueLength,
        ["phone"] = RequestInput.MaxValueLength,
        ["message"] = RequestInput.MaxTextLength,
        ["wrong"] = Correction.MaxLength,
        ["wanted"] = Correction.MaxLength,
    };

    /// <summary>The fields whose text is longer than the form takes, in the order given.</summary>
    public static IReadOnlyList<string> TooLong(IEnumerable<(string Field, string? Value)> fields) =>
        fields.Where(f => f.Value is not null && Limits.TryGetValue(f.Field, out var max) && f.Value.Length > max).Select(f => f.Field).ToList();

    /// <summary>A verification link or code of a request that is verified already: the person is told so, and no failure is recorded.</summary>
    public static readonly Conflict AlreadyVerified = new(Texts.Get("centre.verify.already_verified", "en"));

    /// <summary>The one refusal for a verification link or code, whatever was wrong with it.</summary>
    public static readonly NotAllowed BadToken = new(Texts.Get("error.centre.bad_token", "en"));

    /// <summary>Files one request per right asked for, all or none, and mails one confirmation for them.</summary>
    /// <param name="correction">With rectification: what is wrong and what it should be, in the person's words.</param>
    public async Task<Outcome<IReadOnlyList<Guid>>> FileAsync(
        Tenant tenant, IReadOnlyList<string> types, string? email, IReadOnlyList<Execution.Identity> otherIdentities, string language, string? message,
        Correction? correction, CancellationToken ct)
    {
        var asked = types.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        var errors = new ValidationErrors();
        if (asked.Count == 0 || asked.Any(t => !Types.Contains(t)))
        {
            errors.Add("types", Texts.Get("error.centre.no_right", "en"));
        }

        var address = EmailSyntax.IsValid(email) ? ContactAddress.Email(email!) : null;
        if (address is null)
        {
            errors.Add("email", Texts.Get("error.centre.email", "en"));
        }

        var rectification = RequestType.Rectification.ToWire();
        if (asked.Contains(rectification) && (string.IsNullOrWhiteSpace(correction?.Wrong) || string.IsNullOrWhiteSpace(correction.Wanted)))
        {
            errors.Add("wrong", Texts.Get("error.centre.correction", "en"));
        }
        else if (!asked.Contains(rectification) && (!string.IsNullOrWhiteSpace(correction?.Wrong) || !string.IsNullOrWhiteSpace(correction?.Wanted)))
        {
            // Words about a correction with the box left empty: asked back rather than guessed either way.
            errors.Add("types", Texts.Get("error.centre.correction_unticked", "en"));
        }

        foreach (var field in TooLong([("message", message), ("wrong", correction?.Wrong), ("wanted", correction?.Wanted),
                     .. otherIdentities.Select(i => (i.Type, (string?)i.Value))]))
        {
            errors.Add(field, $"must be at most {Limits[field]} characters.");
        }

        if (otherIdentities.Any(i => i.Type == "phone" && !string.IsNullOrWhiteSpace(i.Value) && i.Value.Length <= Limits["phone"] && !PhoneSyntax.IsValid(i.Value)))
        {
            errors.Add("phone", Texts.Get("error.centre.phone", "en"));
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        var identities = new List<Execution.Identity> { new("email", address!) };
        // The link proves the address only: a name or phone number typed beside it is kept for the agent but searched by
        // only once an agent has checked it (a stranger's number next to one's own address must find nobody).
        identities.AddRange(otherIdentities.Where(i => i.Type != "email" && !string.IsNullOrWhiteSpace(i.Value)).Select(i => i with { Unverified = true }));
        var group = asked.Count > 1 ? Guid.CreateVersion7() : (Guid?)null;
        var inputs = asked.Select(t => new RequestInput(t, identities, null, RequestChannel.PrivacyCentre.ToWire(), language, message, GroupId: group,
            Correction: t == rectification ? correction : null)).ToList();
        var created = await registration.CreateManyAsync(tenant, Person, inputs, ct, made => messages.Verification(tenant, made, address!));
        return created.Succeeded ? created.Value.Select(r => r.Id).ToList() : created.Failure;
    }

    /// <summary>Confirms the address: the token is used up, the request and those made with it are verified, and the person gets a status link.</summary>
    /// <returns>A fresh status token for the page the person lands on.</returns>
    public async Task<Outcome<string>> VerifyAsync(Tenant tenant, string token, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        scope.Enter(tenant.Id);
        var hash = RequestToken.HashOf(token);
        var found = await db.RequestTokens.SingleOrDefaultAsync(t => t.Hash == hash && t.Purpose == TokenPurpose.Verify, ct);
        if (found is null)
        {
            return BadToken;
        }

        // Read untracked: the requests are verified from what they are once the audit lock is held (below).
        var request = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == found.RequestId, ct);
        if (request.VerifiedAt is not null && request.Status is not (RequestStatus.Rejected or RequestStatus.Withdrawn))
        {
            // The link opened again (from the mail, a second device) after it did its work, or after an agent verified
            // the request: nothing failed, and the person is told it is done. The timeline says so in those words.
            await audit.SaveChangesAsync(new AuditEvent(Person, AuditActions.RequestVerificationRepeated, tenant.Id, $"request:{request.Id}"), ct);
            return AlreadyVerified;
        }

        if (found.UsedAt is not null || found.ExpiresAt <= now || !RequestStatus.CanMove(request.Status, RequestStatus.Verified))
        {
            await audit.SaveChangesAsync(new AuditEvent(Person, AuditActions.RequestVerificationFailed, tenant.Id, $"request:{request.Id}",
                new Dictionary<string, string?> { ["why"] = found.UsedAt is not null ? "used" : found.ExpiresAt <= now ? "expired" : request.Status.ToWire() }), ct);
            return BadToken;
        }

        // Used up before anything else: a second click, even a concurrent one, finds it used (the update is conditional).
        var claimed = await db.RequestTokens.Where(t => t.Id == found.Id && t.UsedAt == null).ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), ct);
        if (claimed != 1)
        {
            return BadToken;
        }

        var (status, statusHash) = RequestToken.New();
        // Decided under the audit lock from the requests as they are then, so an agent's move made since they were read
        // above (verified by hand, rejected, withdrawn) is seen and kept, and the link the person just spent still counts.
        await audit.SaveChangesAsync(async c =>
        {
            var verified = new List<DataRequest>();
            foreach (var r in await GroupAsync(request, tracked: true, c))
            {
                // One made together that can no longer be verified (withdrawn, or verified by an agent meanwhile) stays as it is.
                if (r.Verify(VerifiedByLink, VerifiedByLinkOrCode, now) is null)
                {
                    verified.Add(r);
                }
            }

            messages.Received(tenant, verified);
            db.RequestTokens.Add(new RequestToken
            {
                TenantId = tenant.Id, RequestId = request.Id, Purpose = TokenPurpose.Status, Hash = statusHash, CreatedAt = now,
                ExpiresAt = (request.DueOn ?? DateOnly.FromDateTime(now)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + RequestMessages.StatusGrace,
            });
            return verified.Select(r => new AuditEvent(Person, AuditActions.RequestVerified, tenant.Id, $"request:{r.Id}",
                new Dictionary<string, string?> { ["method"] = VerifiedByLinkOrCode })).ToList();
        }, ct);
        return status;
    }

    /// <summary>The requests a status token follows, or null when the token is unknown or expired.</summary>
    public async Task<PublicStatus?> StatusAsync(Tenant tenant, string token, CancellationToken ct)
    {
        if (await StatusTokenAsync(tenant, token, ct) is not { } found)
        {
            return null;
        }

        var first = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == found.RequestId, ct);
        var together = await GroupAsync(first, tracked: false, ct);
        var ids = together.Select(r => r.Id).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        var answers = await db.StoredAnswers.AsNoTracking().Where(a => ids.Contains(a.RequestId) && a.DeletedAt == null && a.ExpiresAt > now).ToListAsync(ct);
        // The page shows the reasons the person was given, which may describe their case: each look is audited.
        await audit.SaveChangesAsync(together.Select(r => new AuditEvent(Person, AuditActions.RequestStatusRead, tenant.Id, $"request:{r.Id}")).ToList(), ct);
        var delayed = await db.PackageFailures.AsNoTracking().Where(f => ids.Contains(f.RequestId)).Select(f => f.RequestId).ToListAsync(ct);
        return new PublicStatus(together.Select(r => new PublicRequest(r, answers.SingleOrDefault(a => a.RequestId == r.Id), delayed.Contains(r.Id),
            r.DueOn is { } due && Deadline.IsOverdue(due, time.GetUtcNow(), tenant.Country))).ToList());
    }

    /// <summary>The person takes back, through their status link, whatever of their requests has not started.</summary>
    public async Task<Outcome<int>> WithdrawAsync(Tenant tenant, string token, CancellationToken ct)
    {
        if (await StatusTokenAsync(tenant, token, ct) is not { } found)
        {
            return new NotFound("Request", "(link)");
        }

        var first = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == found.RequestId, ct);
        var withdrawn = 0;
        foreach (var r in (await GroupAsync(first, tracked: false, ct)).Where(r => RequestStatus.CanMove(r.Status, RequestStatus.Withdrawn)))
        {
            try
            {
                withdrawn += (await lifecycle.WithdrawAsync(tenant, Person, r.Id, ct)).Succeeded ? 1 : 0;
            }
            catch (DbUpdateConcurrencyException)
            {
                // An agent moved it meanwhile (approved it, say): it is no longer the person's to take back here, and
                // the others are still withdrawn.
                db.ChangeTracker.Clear();
            }
        }

        return withdrawn;
    }

    /// <summary>One of the status link's requests' answer, decrypted for download (audited in <see cref="AnswerPackages.OpenAsync"/>).</summary>
    public async Task<Outcome<(Stream Zip, string FileName)>> DownloadAsync(Tenant tenant, string token, Guid requestId, CancellationToken ct)
    {
        if (await StatusTokenAsync(tenant, token, ct) is not { } found)
        {
            return new NotFound("Answer", "(link)");
        }

        var first = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == found.RequestId, ct);
        return (await GroupAsync(first, tracked: false, ct)).Any(r => r.Id == requestId)
            ? await packages.OpenAsync(tenant, requestId, ct)
            : new NotFound("Answer", "(link)");
    }

    private async Task<List<DataRequest>> GroupAsync(DataRequest request, bool tracked, CancellationToken ct)
    {
        if (request.GroupId is not { } group)
        {
            // Tracked, the request as the context holds it (or as the database has it now, when it held none).
            return tracked ? [await db.Requests.SingleAsync(r => r.Id == request.Id, ct)] : [request];
        }

        var query = tracked ? db.Requests : db.Requests.AsNoTracking();
        return await query.Where(r => r.GroupId == group).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
    }

    private async Task<RequestToken?> StatusTokenAsync(Tenant tenant, string token, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var hash = RequestToken.HashOf(token);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.RequestTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash && t.Purpose == TokenPurpose.Status && t.ExpiresAt > now, ct);
    }
}
