using Lethe.Common;

namespace Lethe.Messages;

/// <summary>
/// An e-mail waiting to be delivered. Its recipient and body are encrypted while it waits (a body may carry a
/// verification or download link) and erased once it is sent; what stays is which template went to which request when.
/// Its status moves only through the methods below, along <see cref="MessageStatusRules.CanMove"/>; a move the table
/// forbids is a bug in Lethe and throws, changing nothing.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The tenant the message speaks for; null for a message to a console user about their account.</summary>
    public Guid? TenantId { get; init; }

    public Guid? RequestId { get; init; }

    /// <summary>One of <see cref="MessageTemplates"/>' names.</summary>
    public required string Template { get; init; }

    public required string Language { get; init; }

    /// <summary>The recipient, encrypted with the data protection key; null once sent.</summary>
    public string? ProtectedTo { get; set; }

    public required string Subject { get; init; }

    /// <summary>The plain-text body, encrypted; null once sent.</summary>
    public string? ProtectedBody { get; set; }

    public MessageStatus Status { get; private set; } = MessageStatus.Queued;

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? LeasedUntil { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? SentAt { get; private set; }

    /// <summary>Delivered: the recipient and the body are erased, what stays is which template went where when.</summary>
    public void MarkSent(DateTime at)
    {
        MoveTo(MessageStatus.Sent);
        SentAt = at;
        ProtectedTo = null;
        ProtectedBody = null;
        LastError = null;
    }

    /// <summary>The attempt failed; it stays queued and is tried again at <paramref name="nextAttemptAt"/>.</summary>
    /// <param name="error">The error's kind only: its text may carry the address (an SMTP 550 echoes it).</param>
    public void Fail(string error, DateTime nextAttemptAt)
    {
        MoveTo(MessageStatus.Queued);
        LastError = error;
        NextAttemptAt = nextAttemptAt;
    }

    /// <summary>The last attempt failed: the outbox stops, and the message is listed for an officer (<see cref="Retry"/>).</summary>
    public void GiveUp(string error)
    {
        MoveTo(MessageStatus.Failed);
        LastError = error;
        NextAttemptAt = null;
    }

    /// <summary>An officer says the cause is fixed: send it now, with its attempts counted from zero.</summary>
    public void Retry()
    {
        MoveTo(MessageStatus.Queued);
        Attempts = 0;
        NextAttemptAt = null;
    }

    private void MoveTo(MessageStatus to)
    {
        if (!MessageStatus.CanMove(Status, to))
        {
            throw new InvalidOperationException($"A message that is {Status.ToWire()} cannot become {to.ToWire()} (message {Id}).");
        }

        Status = to;
    }
}
