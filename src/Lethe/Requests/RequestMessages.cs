using System.Text.Json;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Messages;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tenancy;

namespace Lethe.Requests;

/// <summary>
/// The e-mails a person receives about their request, in their language, each queued in the caller's unit of work.
/// A request with no e-mail identity (a letter, a phone call) gets none: the agent answers the way it came.
/// </summary>
public sealed class RequestMessages(LetheDbContext db, Outbox outbox, PublicAddress address, TimeProvider time)
{
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromHours(24);

    /// <summary>How long the status link of an open request works after its deadline.</summary>
    public static readonly TimeSpan StatusGrace = TimeSpan.FromDays(90);

    /// <summary>The verification mail with its single-use link and code; for requests made together, one mail for all.</summary>
    public void Verification(Tenant tenant, IReadOnlyList<DataRequest> requests, string email)
    {
        var request = requests[0];
        var now = time.GetUtcNow().UtcDateTime;
        var (token, hash) = RequestToken.New();
        db.RequestTokens.Add(new RequestToken
        {
            TenantId = tenant.Id, RequestId = request.Id, Purpose = TokenPurpose.Verify, Hash = hash, CreatedAt = now, ExpiresAt = now + VerificationLifetime,
        });
        outbox.Queue(tenant.Id, request.Id, email, MessageTemplates.Verification, request.Language, Values(tenant, request, new()
        {
            ["link"] = $"{address.Base}/p/{tenant.Slug}/verify/{token}?culture={request.Language}",
            ["verify_page"] = $"{address.Base}/p/{tenant.Slug}/verify?culture={request.Language}",
            ["code"] = RequestToken.Grouped(token),
            ["expires"] = When(tenant, request.Language, now + VerificationLifetime),
        }, requests));
    }

    /// <summary>The request (and those made with it) is confirmed; the mail carries the status link that follows them all.</summary>
    public void Received(Tenant tenant, IReadOnlyList<DataRequest> requests) => WithStatusLink(tenant, requests[0], MessageTemplates.Received, null, requests);

    public void Extended(Tenant tenant, DataRequest request) =>
        WithStatusLink(tenant, request, MessageTemplates.Extended, new() { ["reason"] = request.ExtensionReason ?? "" });

    public void Rejected(Tenant tenant, DataRequest request) =>
        WithStatusLink(tenant, request, MessageTemplates.Rejected, new() { ["reason"] = request.RejectionReason ?? "" });

    /// <summary>The answer is ready: the link fetches it until the package expires.</summary>
    public void Completed(Tenant tenant, DataRequest request) => WithStatusLink(tenant, request, MessageTemplates.Completed, null);

    /// <summary>A status link of its own for each message: Lethe keeps only hashes, so an earlier link cannot be repeated.</summary>
    private void WithStatusLink(Tenant tenant, DataRequest request, string template, Dictionary<string, string>? extra, IReadOnlyList<DataRequest>? together = null)
    {
        if (Email(request) is not { } email)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var expires = template == MessageTemplates.Completed
            ? now + AnswerPackages.Lifetime
            : (request.DueOn ?? DateOnly.FromDateTime(now)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + StatusGrace;
        var (token, hash) = RequestToken.New();
        db.RequestTokens.Add(new RequestToken
        {
            TenantId = tenant.Id, RequestId = request.Id, Purpose = TokenPurpose.Status, Hash = hash, CreatedAt = now, ExpiresAt = expires,
        });
        var values = extra ?? [];
        values["status_link"] = $"{address.Base}/p/{tenant.Slug}/status/{token}?culture={request.Language}";
        values["expires"] = When(tenant, request.Language, expires);
        outbox.Queue(tenant.Id, request.Id, email, template, request.Language, Values(tenant, request, values, together));
    }

    internal static string? Email(DataRequest request) =>
        JsonSerializer.Deserialize<List<Identity>>(request.IdentitiesJson)?.FirstOrDefault(i => i.Type == "email")?.Value;

    private static Dictionary<string, string> Values(Tenant tenant, DataRequest request, Dictionary<string, string> values, IReadOnlyList<DataRequest>? together = null)
    {
        values["org"] = tenant.Name;
        values["type"] = MessageTemplates.TypeList((together ?? [request]).Select(r => r.Type.ToWire()).ToList(), request.Language);
        values["due"] = request.DueOn is { } due ? RequestLanguage.LongDate(due, request.Language) : "";
        values["authority"] = tenant.SupervisoryAuthority;
        return values;
    }

    private static string When(Tenant tenant, string language, DateTime utc) => Localization.LocalTime.Format(utc, tenant.Country, language);
}
