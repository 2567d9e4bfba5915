namespace Lethe.Requests;

/// <summary>
/// A request reached a status. Recorded with the change itself (in <c>LetheDbContext.SaveChangesAsync</c>), so no
/// change escapes, and delivered to the tenant's status webhook by <see cref="StatusWebhooks"/>, retried until it is.
/// Holds no personal data: the request's id, type, channel, status and deadline.
/// </summary>
public sealed class RequestStatusEvent : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid RequestId { get; init; }

    public required RequestStatus Status { get; init; }

    public DateTime OccurredAt { get; init; }

    /// <summary>null while due; sent, skipped (no webhook configured) or failed (given up after the last attempt).</summary>
    public string? Outcome { get; set; }

    public int Attempts { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? LeasedUntil { get; set; }

    public string? LastError { get; set; }

    public DateTime? DeliveredAt { get; set; }
}
