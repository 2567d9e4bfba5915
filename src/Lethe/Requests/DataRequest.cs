namespace Lethe.Requests;

/// <summary>
/// A data subject request being carried out: which right, for whom (the identities the person gave), and when it was
/// completed. Its work is done in one <see cref="RequestStep"/> per datastore.
/// </summary>
public sealed class DataRequest
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    /// <summary>One of <see cref="RequestType"/>.</summary>
    public required string Type { get; init; }

    /// <summary>JSON array of <c>{type, value}</c>: personal data, shown only to those who handle requests.</summary>
    public required string IdentitiesJson { get; set; }

    /// <summary>For rectification: JSON object of data category → new value.</summary>
    public string? ChangesJson { get; init; }

    /// <summary>The data map revision the steps were planned from.</summary>
    public int DataMapRevision { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>The last day to answer (Art. 12(3), <see cref="Deadline"/>); null for requests registered before deadlines were kept.</summary>
    public DateOnly? DueOn { get; set; }

    /// <summary>Months the deadline was extended by (1 or 2; at most once, Art. 12(3)); null when it was not.</summary>
    public int? ExtendedMonths { get; set; }

    /// <summary>Why it was extended, as the person is told.</summary>
    public string? ExtensionReason { get; set; }

    public DateTime? ExtendedAt { get; set; }

    public string? CreatedBy { get; init; }

    public DateTime? CompletedAt { get; set; }
}
