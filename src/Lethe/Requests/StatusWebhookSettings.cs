using System.Security.Cryptography;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.DataProtection;

namespace Lethe.Requests;

/// <summary>The address a tenant's request status changes go to, and the secret they are signed with.</summary>
public sealed class StatusWebhookSettings(LetheDbContext db, AuditLog audit, IDataProtectionProvider protection, RecentReads recent)
{
    /// <returns>The new signing secret: shown this once, kept only encrypted.</returns>
    public async Task<Outcome<string>> SetAsync(Tenant tenant, AuditActor actor, string? url, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 1000 || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return InvalidInput.For("url", "Give the https address your system receives the status events on, e.g. https://helpdesk.example.dk/lethe (at most 1000 characters, no password in it).");
        }

        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var tracked = db.Tenants.Attach(tenant).Entity;
        tracked.StatusWebhookUrl = uri.ToString();
        tracked.StatusWebhookSecret = protection.CreateProtector(StatusWebhooks.SecretPurpose).Protect(secret);
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.StatusWebhookSet, tenant.Id, $"tenant:{tenant.Slug}",
            new Dictionary<string, string?> { ["host"] = uri.Host }), ct);
        recent.Forget(TenantCommands.RecentKind, tenant.Slug);
        return secret;
    }

    public async Task RemoveAsync(Tenant tenant, AuditActor actor, CancellationToken ct)
    {
        var tracked = db.Tenants.Attach(tenant).Entity;
        tracked.StatusWebhookUrl = null;
        tracked.StatusWebhookSecret = null;
        await audit.SaveChangesAsync(new AuditEvent(actor, AuditActions.StatusWebhookRemoved, tenant.Id, $"tenant:{tenant.Slug}"), ct);
        recent.Forget(TenantCommands.RecentKind, tenant.Slug);
    }
}
