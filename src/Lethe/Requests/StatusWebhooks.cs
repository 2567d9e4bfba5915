using System.Globalization;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Requests;

/// <summary>
/// Tells a tenant's own systems (a helpdesk, a CRM) when a request changes status: a POST signed like the jobs Lethe
/// sends to datastores (<see cref="WebhookSignature"/>), retried with backoff. Events are sent oldest first; a receiver
/// orders by <c>occurredAt</c>, since a retried event can arrive after a newer one.
/// </summary>
public sealed class StatusWebhooks(
    IServiceScopeFactory scopes, DatastoreConnections connections, IDataProtectionProvider protection, TimeProvider time, ILogger<StatusWebhooks> logger)
{
    public const int MaxAttempts = 10;

    internal const string SecretPurpose = "Lethe.Requests.StatusWebhooks";

    private static readonly JsonSerializerOptions Camel = new(JsonSerializerDefaults.Web);

    /// <returns>How many events were handled (sent, skipped or tried).</returns>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RequestStatusEvents.IgnoreQueryFilters()
                .Where(e => e.Outcome == null && (e.NextAttemptAt == null || e.NextAttemptAt <= now.UtcDateTime) && (e.LeasedUntil == null || e.LeasedUntil < now.UtcDateTime))
                .OrderBy(e => e.OccurredAt).Select(e => e.Id).Take(200).ToListAsync(ct);
        }

        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var claimed = await db.RequestStatusEvents.IgnoreQueryFilters()
                .Where(e => e.Id == id && e.Outcome == null && (e.LeasedUntil == null || e.LeasedUntil < now.UtcDateTime))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.LeasedUntil, now.UtcDateTime.AddMinutes(5)), ct);
            if (claimed == 1)
            {
                await DeliverAsync(db, scope.ServiceProvider.GetRequiredService<AuditLog>(), id, now, ct);
            }
        }

        return due.Count;
    }

    private async Task DeliverAsync(LetheDbContext db, AuditLog audit, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var e = await db.RequestStatusEvents.IgnoreQueryFilters().SingleAsync(x => x.Id == id, ct);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == e.TenantId, ct);
        e.LeasedUntil = null;
        if (tenant.StatusWebhookUrl is not { } url || tenant.StatusWebhookSecret is not { } protectedSecret)
        {
            e.Outcome = "skipped";
            await db.SaveChangesAsync(ct);
            return;
        }

        var request = await db.Requests.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == e.RequestId, ct);
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            @event = "request.status",
            id = e.Id,
            tenant = tenant.Slug,
            requestId = request.Id,
            request.Type,
            request.Channel,
            e.Status,
            request.DueOn,
            occurredAt = new DateTimeOffset(e.OccurredAt, TimeSpan.Zero),
        }, Camel);
        e.Attempts++;
        try
        {
            var secret = protection.CreateProtector(SecretPurpose).Unprotect(protectedSecret);
            using var response = await connections.Webhooks.PostSignedAsync(new Uri(url), secret, body, now, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"the webhook answered {(int)response.StatusCode}", null, response.StatusCode);
            }

            e.Outcome = "sent";
            e.DeliveredAt = now.UtcDateTime;
            e.LastError = null;
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or System.Security.Cryptography.CryptographicException)
        {
            e.LastError = ex.Message.Length > 200 ? ex.Message[..200] : ex.Message;
            var giveUp = e.Attempts >= MaxAttempts;
            e.Outcome = giveUp ? "failed" : null;
            e.NextAttemptAt = giveUp ? null : now.UtcDateTime + Backoff.After(e.Attempts);
            logger.LogWarning("The status webhook of {Tenant} failed on attempt {Attempt}: {Error}", tenant.Slug, e.Attempts, e.LastError);
            await audit.SaveChangesAsync(new AuditEvent(new AuditActor("system", null, "lethe worker"), AuditActions.StatusWebhookFailed, tenant.Id,
                $"request:{e.RequestId}", new Dictionary<string, string?>
                {
                    ["status"] = e.Status.ToWire(),
                    ["attempt"] = e.Attempts.ToString(CultureInfo.InvariantCulture),
                    ["givenUp"] = giveUp ? "true" : null,
                }), ct);
        }
    }
}
