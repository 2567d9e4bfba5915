using Lethe.Audit;
using Lethe.Common;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>What the person sees on their status page: never their identities, only where the request is.</summary>
public sealed record PublicStatus(DataRequest Request, StoredAnswer? Answer);

/// <summary>
/// The public side of requests: a person files one, confirms their e-mail address by link or code, follows it and
/// fetches the answer. Whether an address is known to the company is never looked up here, so nothing a person sees
/// can tell them; a refused token is refused the same way whether it was reused, expired or made up.
/// </summary>
public sealed class PrivacyCentre(
    LetheDbContext db, TenantScope scope, RequestCommands requests, RequestMessages messages, AnswerPackages packages, RequestLifecycle lifecycle,
    AuditLog audit, TimeProvider time)
{
    public static readonly AuditActor Person = new("person", null, "the person, through the privacy centre");

    public const string VerifiedByLink = "E-mail address confirmed through the link or code sent to it.";

    /// <summary>The one refusal for a verification link or code, whatever was wrong with it.</summary>
    public static readonly NotAllowed BadToken = new("This link or code does not work: it may have been used already, have expired after 24 hours, or be mistyped. File the request again to get a new one.");

    public async Task<Outcome<Guid>> FileAsync(Tenant tenant, string type, string? email, IReadOnlyList<Execution.Identity> otherIdentities, string language, string? message, CancellationToken ct)
    {
        if (ContactAddress.Email(email ?? "") is not { } address)
        {
            return InvalidInput.For("email", "Give the e-mail address we can send the confirmation to, e.g. name@example.dk.");
        }

        var identities = new List<Execution.Identity> { new("email", address) };
        identities.AddRange(otherIdentities.Where(i => i.Type != "email" && !string.IsNullOrWhiteSpace(i.Value)));
        var input = new RequestInput(type, identities, null, RequestChannel.PrivacyCentre, language, message);
        var created = await requests.CreateAsync(tenant, Person, input, ct, request => messages.Verification(tenant, request, address));
        return created.Succeeded ? created.Value!.Request.Id : created.Failure!;
    }

    /// <summary>Confirms the address: the token is used up, the request is verified, and the person gets a status link.</summary>
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

        var request = await db.Requests.SingleAsync(r => r.Id == found.RequestId, ct);
        if (found.UsedAt is not null || found.ExpiresAt <= now || !RequestStatus.CanMove(request.Status, RequestStatus.Verified))
        {
            await audit.SaveChangesAsync(new AuditEvent(Person, AuditActions.RequestVerificationFailed, tenant.Id, $"request:{request.Id}",
                new Dictionary<string, string?> { ["why"] = found.UsedAt is not null ? "used" : found.ExpiresAt <= now ? "expired" : request.Status }), ct);
            return BadToken;
        }

        // Used up before anything else: a second click, even a concurrent one, finds it used (the update is conditional).
        var claimed = await db.RequestTokens.Where(t => t.Id == found.Id && t.UsedAt == null).ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), ct);
        if (claimed != 1)
        {
            return BadToken;
        }

        request.Status = RequestStatus.Verified;
        request.VerificationEvidence = VerifiedByLink;
        request.VerifiedAt = now;
        request.VerifiedBy = "e-mail link";
        messages.Received(tenant, request);
        var (status, statusHash) = RequestToken.New();
        db.RequestTokens.Add(new RequestToken
        {
            TenantId = tenant.Id, RequestId = request.Id, Purpose = TokenPurpose.Status, Hash = statusHash, CreatedAt = now,
            ExpiresAt = (request.DueOn ?? DateOnly.FromDateTime(now)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + RequestMessages.StatusGrace,
        });
        await audit.SaveChangesAsync(new AuditEvent(Person, AuditActions.RequestVerified, tenant.Id, $"request:{request.Id}",
            new Dictionary<string, string?> { ["method"] = "e-mail link" }), ct);
        return status;
    }

    /// <summary>The request a status token follows, or null when the token is unknown or expired.</summary>
    public async Task<PublicStatus?> StatusAsync(Tenant tenant, string token, CancellationToken ct)
    {
        if (await StatusTokenAsync(tenant, token, ct) is not { } found)
        {
            return null;
        }

        var request = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == found.RequestId, ct);
        var answer = await db.StoredAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.RequestId == found.RequestId, ct);
        // The page shows the reasons the person was given, which may describe their case: each look is audited.
        await audit.SaveChangesAsync(new AuditEvent(Person, AuditActions.RequestStatusRead, tenant.Id, $"request:{request.Id}"), ct);
        return new PublicStatus(request, answer is { DeletedAt: null } && answer.ExpiresAt > time.GetUtcNow().UtcDateTime ? answer : null);
    }

    /// <summary>The person takes their request back, through their status link, before the work has started.</summary>
    public async Task<Outcome<DataRequest>> WithdrawAsync(Tenant tenant, string token, CancellationToken ct) =>
        await StatusTokenAsync(tenant, token, ct) is { } found
            ? await lifecycle.WithdrawAsync(tenant, Person, found.RequestId, ct)
            : new NotFound("Request", "(link)");

    public async Task<Outcome<(Stream Zip, string FileName)>> DownloadAsync(Tenant tenant, string token, CancellationToken ct) =>
        await StatusTokenAsync(tenant, token, ct) is { } found ? await packages.OpenAsync(tenant, found.RequestId, ct) : new NotFound("Answer", "(link)");

    private async Task<RequestToken?> StatusTokenAsync(Tenant tenant, string token, CancellationToken ct)
    {
        scope.Enter(tenant.Id);
        var hash = RequestToken.HashOf(token);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.RequestTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash && t.Purpose == TokenPurpose.Status && t.ExpiresAt > now, ct);
    }
}
