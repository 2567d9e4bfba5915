using Lethe.Audit;
using Lethe.Execution;
using Lethe.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Lethe.Messages;

/// <summary>
/// Delivers queued messages, retrying with exponential backoff up to <see cref="MailOptions.MaxAttempts"/>. Messages are
/// leased with a conditional update like request steps, so two servers never send one twice, and a restart resumes
/// from the table. A sent message keeps its template and time; its recipient and body are erased.
/// </summary>
public sealed class OutboxWorker(
    IServiceScopeFactory scopes, IMailTransport transport, IOptions<MailOptions> options, IDataProtectionProvider protection, TimeProvider time,
    ILogger<OutboxWorker> logger)
{
    private static readonly AuditActor Worker = new("system", null, "lethe outbox");

    /// <returns>How many messages were attempted.</returns>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            due = await db.OutboxMessages.IgnoreQueryFilters()
                .Where(m => m.Status == MessageStatus.Queued && (m.NextAttemptAt == null || m.NextAttemptAt <= now) && (m.LeasedUntil == null || m.LeasedUntil < now))
                .OrderBy(m => m.CreatedAt).Select(m => m.Id).Take(100).ToListAsync(ct);
        }

        var protector = protection.CreateProtector(Outbox.Purpose);
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var claimed = await db.OutboxMessages.IgnoreQueryFilters()
                .Where(m => m.Id == id && m.Status == MessageStatus.Queued && (m.LeasedUntil == null || m.LeasedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LeasedUntil, now + options.Value.Lease), ct);
            if (claimed != 1)
            {
                continue;
            }

            var message = await db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.Id == id, ct);
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            message.Attempts++;
            message.LeasedUntil = null;
            var target = message.RequestId is { } request ? $"request:{request}" : $"message:{message.Id}";
            try
            {
                var tenant = message.TenantId is { } tenantId ? await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, ct) : null;
                await transport.SendAsync(Mime(message, tenant, protector.Unprotect(message.ProtectedTo!), protector.Unprotect(message.ProtectedBody!)), ct);
                message.MarkSent(time.GetUtcNow().UtcDateTime);
                await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.MessageSent, message.TenantId, target,
                    new Dictionary<string, string?> { ["template"] = message.Template, ["language"] = message.Language }), ct);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                // The error's text may carry the address (an SMTP 550 echoes it): only its kind is kept.
                var giveUp = message.Attempts >= options.Value.MaxAttempts;
                if (giveUp)
                {
                    message.GiveUp(e.GetType().Name);
                }
                else
                {
                    message.Fail(e.GetType().Name, now + Backoff.After(message.Attempts));
                }

                if (IsDelivery(e))
                {
                    logger.LogWarning("Message {Id} ({Template}) failed on attempt {Attempt}: {Error}", message.Id, message.Template, message.Attempts, e.GetType().Name);
                }
                else
                {
                    // Not the mail server: a bug or a key that no longer opens the body. Counted and given up on like the rest,
                    // so it is listed in the console and /health/work instead of failing every round unseen.
                    logger.LogError(e, "Message {Id} ({Template}) failed unexpectedly on attempt {Attempt}.", message.Id, message.Template, message.Attempts);
                }

                await audit.SaveChangesAsync(new AuditEvent(Worker, AuditActions.MessageFailed, message.TenantId, target, new Dictionary<string, string?>
                {
                    ["template"] = message.Template,
                    ["attempt"] = message.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["error"] = e.GetType().Name,
                    ["givenUp"] = giveUp ? "true" : null,
                }), ct);
            }
        }

        return due.Count;
    }

    private static bool IsDelivery(Exception e) =>
        e is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException
            or MailKit.Security.AuthenticationException or System.Net.Sockets.SocketException or TimeoutException or UnauthorizedAccessException
            or ParseException or OperationCanceledException;

    /// <summary>
    /// From the configured address under the company's name; answers go to the company's contact address. A message
    /// of Lethe's own (no tenant) goes out as configured, with no one to answer.
    /// </summary>
    private MimeMessage Mime(OutboxMessage message, Tenancy.Tenant? tenant, string to, string body)
    {
        var mime = new MimeMessage
        {
            MessageId = $"{message.Id:N}@lethe",
            Subject = message.Subject,
            Date = new DateTimeOffset(message.CreatedAt, TimeSpan.Zero),
            Body = new TextPart("plain") { Text = body },
        };
        var from = MailboxAddress.Parse(options.Value.From);
        mime.From.Add(tenant is null ? from : new MailboxAddress(tenant.Name, from.Address));
        if (tenant is not null && MailboxAddress.TryParse(tenant.ContactEmail, out var replyTo))
        {
            mime.ReplyTo.Add(new MailboxAddress(tenant.Name, replyTo.Address));
        }

        mime.To.Add(MailboxAddress.Parse(to));
        mime.Headers.Add("Content-Language", message.Language);
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        return mime;
    }
}
