using System.Globalization;
using System.Security.Cryptography;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Lethe.Localization;

namespace Lethe.Consent;

/// <summary>
/// Newsletter sign-up by double opt-in, and one-click unsubscribe (RFC 8058). The links carry the address encrypted
/// with the data protection keys, so nothing waits in the database: the confirmation link expires after a week and
/// only its use records consent; the unsubscribe link works as long as the keys do. Every link works only under the tenant
/// that made it.
/// </summary>
public sealed class Newsletter(LetheDbContext db, ConsentLog log, SuppressionList suppression, Outbox outbox, AuditLog audit, PublicAddress address,
    IDataProtectionProvider protection, TimeProvider time)
{
    public const string Purpose = "newsletter";

    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(7);

    public static readonly AuditActor Person = new("person", null, "the person, by newsletter link");

    /// <summary>The one refusal for a bad link, whatever was wrong with it.</summary>
    public static readonly NotAllowed BadLink = new(Texts.Get("error.newsletter.bad_link", "en"));

    /// <summary>Mails the confirmation link; nothing is recorded as consent until it is used. The answer is the same for every address.</summary>
    public async Task<Outcome<bool>> SubscribeAsync(Tenant tenant, string? email, string language, CancellationToken ct)
    {
        if (!EmailSyntax.IsValid(email) || ContactAddress.Email(email!) is not { } normalized)
        {
            return InvalidInput.For("email", Texts.Get("error.newsletter.email", "en"));
        }

        var expires = time.GetUtcNow() + ConfirmationLifetime;
        var token = Confirmations(tenant).Protect($"{normalized}\n{language}", expires);
        outbox.Queue(tenant.Id, null, normalized, MessageTemplates.NewsletterConfirm, language, new Dictionary<string, string>
        {
            ["org"] = tenant.Name,
            ["link"] = $"{address.Base}/p/{tenant.Slug}/newsletter/confirm/{token}?culture={language}",
            ["expires"] = LocalTime.Format(expires.UtcDateTime, tenant.Country, language),
        });
        await audit.SaveChangesAsync(new AuditEvent(Person, AuditActions.NewsletterConfirmationSent, tenant.Id, $"tenant:{tenant.Slug}"), ct);
        return true;
    }

    /// <summary>The person opened the link and confirmed: consent to the newsletter is recorded, with its receipt.</summary>
    public async Task<Outcome<ConsentEvent>> ConfirmAsync(Tenant tenant, string token, CancellationToken ct)
    {
        string payload;
        try
        {
            payload = Confirmations(tenant).Unprotect(token, out _);
        }
        catch (CryptographicException)
        {
            return BadLink;
        }

        var (email, language) = (payload.Split('\n')[0], payload.Split('\n').ElementAtOrDefault(1));
        var recorded = await log.RecordAsync(tenant, Person,
            [new ConsentInput(ConsentSubject.Person, email, ConsentAction.Given, [Purpose], "newsletter", Language: language)], ct);
        return recorded.Succeeded ? recorded.Value[0] : recorded.Failure;
    }

    public static readonly TimeSpan PreferencesLifetime = TimeSpan.FromHours(24);

    /// <summary>Mails a link to the preference page; the answer is the same for every address.</summary>
    public async Task<Outcome<bool>> SendPreferencesLinkAsync(Tenant tenant, string? email, string language, CancellationToken ct)
    {
        if (!EmailSyntax.IsValid(email) || ContactAddress.Email(email!) is not { } normalized)
        {
            return InvalidInput.For("email", Texts.Get("error.preferences.email", "en"));
        }

        var expires = time.GetUtcNow() + PreferencesLifetime;
        outbox.Queue(tenant.Id, null, normalized, MessageTemplates.PreferencesLink, language, new Dictionary<string, string>
        {
            ["org"] = tenant.Name,
            ["link"] = $"{address.Base}/p/{tenant.Slug}/preferences/{Preferences(tenant).Protect(normalized, expires)}?culture={language}",
            ["expires"] = LocalTime.Format(expires.UtcDateTime, tenant.Country, language),
        });
        await audit.SaveChangesAsync(new AuditEvent(Person, AuditActions.PreferencesLinkSent, tenant.Id, $"tenant:{tenant.Slug}"), ct);
        return true;
    }

    /// <summary>The address a preference link was made for, or null when the link is changed, expired or another tenant's.</summary>
    public string? PreferencesFor(Tenant tenant, string token)
    {
        try
        {
            return Preferences(tenant).Unprotect(token, out _);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The link (and the RFC 8058 headers) the company's newsletter tool puts in each message to this address.</summary>
    public Outcome<string> UnsubscribeLink(Tenant tenant, string? email) =>
        ContactAddress.Email(email ?? "") is { } normalized
            ? $"{address.Base}/p/{tenant.Slug}/unsubscribe/{Unsubscribes(tenant).Protect(normalized)}"
            : InvalidInput.For("emails", $"'{email}' is not an e-mail address.");

    /// <summary>
    /// One click: the newsletter consent is withdrawn, marketing too where the tenant asks consent for it, and the address
    /// goes on the suppression list so it is not contacted again.
    /// </summary>
    public async Task<Outcome<bool>> UnsubscribeAsync(Tenant tenant, string token, CancellationToken ct)
    {
        string email;
        try
        {
            email = Unsubscribes(tenant).Unprotect(token);
        }
        catch (CryptographicException)
        {
            return BadLink;
        }

        await suppression.AddAsync(tenant, [("email", email)], SuppressionList.Unsubscribe, null, ct);
        var purposes = (await log.PurposesAsync(tenant, ct)).Where(p => p.Refusable && p.Kind is PurposeKind.Newsletter or PurposeKind.Marketing).Select(p => p.Key).ToList();
        if (purposes.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return true;
        }

        var recorded = await log.RecordAsync(tenant, Person, [new ConsentInput(ConsentSubject.Person, email, ConsentAction.Withdrawn, purposes, "newsletter")], ct);
        return recorded.Succeeded ? true : recorded.Failure;
    }

    // Each link is bound to the tenant that made it (the tenant's id is part of the key's purpose): a link one tenant's
    // API key mints cannot be used under another tenant's address to withdraw consents or suppress addresses there.
    private ITimeLimitedDataProtector Confirmations(Tenant tenant) =>
        protection.CreateProtector("Lethe.Consent.Newsletter.Confirm", TenantPurpose(tenant)).ToTimeLimitedDataProtector();

    private ITimeLimitedDataProtector Preferences(Tenant tenant) =>
        protection.CreateProtector("Lethe.Consent.Preferences", TenantPurpose(tenant)).ToTimeLimitedDataProtector();

    private IDataProtector Unsubscribes(Tenant tenant) => protection.CreateProtector("Lethe.Consent.Newsletter.Unsubscribe", TenantPurpose(tenant));

    private static string TenantPurpose(Tenant tenant) => tenant.Id.ToString("D", CultureInfo.InvariantCulture);
}
