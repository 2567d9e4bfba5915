using Lethe.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Lethe.Messages;

/// <summary>
/// Queues e-mails in the caller's unit of work, so a message is sent exactly when the change it reports is saved (the
/// transactional outbox); the <see cref="OutboxWorker"/> delivers it.
/// </summary>
public sealed class Outbox(LetheDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    internal const string Purpose = "Lethe.Messages.Outbox";

    public OutboxMessage Queue(Guid tenantId, Guid? requestId, string to, string template, string language, IReadOnlyDictionary<string, string> values) =>
        Queue(Compose(tenantId, requestId, to, template, language, values));

    /// <summary>
    /// A message from Lethe itself, not on a tenant's behalf (to a console user about their account), written and
    /// encrypted now but queued only by <see cref="Queue(OutboxMessage)"/>: for a change that decides inside a
    /// transaction whether to send it, since encrypting may first make a key and store it over another connection.
    /// </summary>
    public OutboxMessage ComposeForUser(string to, string template, string language, IReadOnlyDictionary<string, string> values) =>
        Compose(null, null, to, template, language, values);

    /// <summary>
    /// A message on the tenant's behalf, written and encrypted now but queued only by <see cref="Queue(OutboxMessage)"/>:
    /// for messages a change decides to send under a lock (a breach's letters), as <see cref="ComposeForUser"/>.
    /// </summary>
    public OutboxMessage ComposeForTenant(Guid tenantId, string to, string template, string language, IReadOnlyDictionary<string, string> values) =>
        Compose(tenantId, null, to, template, language, values);

    public OutboxMessage Queue(OutboxMessage message)
    {
        db.OutboxMessages.Add(message);
        return message;
    }

    private OutboxMessage Compose(Guid? tenantId, Guid? requestId, string to, string template, string language, IReadOnlyDictionary<string, string> values)
    {
        var (subject, body) = MessageTemplates.Render(template, language, values);
        var protector = protection.CreateProtector(Purpose);
        var now = time.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            TenantId = tenantId,
            RequestId = requestId,
            Template = template,
            Language = language,
            Subject = subject.Length > 300 ? subject[..300] : subject,
            ProtectedTo = protector.Protect(to),
            ProtectedBody = protector.Protect(body),
            CreatedAt = now,
            NextAttemptAt = now,
        };
        return message;
    }
}
