namespace Lethe.Messages;

/// <summary>Where a message is: waiting to go (or to be retried), gone, or given up on after the last attempt.</summary>
public static class MessageStatus
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

/// <summary>
/// An e-mail waiting to be delivered. Its recipient and body are encrypted while it waits (a body may carry a
/// verification or download link) and erased once it is sent; what stays is which template went to which request when.
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

    public string Status { get; set; } = MessageStatus.Queued;

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? LeasedUntil { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? SentAt { get; set; }
}
