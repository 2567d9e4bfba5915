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
    public DateOnly? DueOn { get; init; }

    public string? CreatedBy { get; init; }

    public DateTime? CompletedAt { get; set; }
}
