namespace Lethe.Reviews;

/// <summary>
/// One half-yearly review (the seeds' policy 003): a checklist generated from the data map as it stood when the review
/// began, worked through item by item, and once completed kept unchanged as evidence of who checked what, when, and
/// against which revision of the data map.
/// </summary>
public sealed class Review : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public ReviewStatus Status { get; private set; } = ReviewStatus.InProgress;

    /// <summary>The data map revision the checklist was generated from.</summary>
    public int DataMapRevision { get; init; }

    /// <summary>That revision's SHA-256, so the evidence names the exact text reviewed.</summary>
    public required string DataMapSha256 { get; init; }

    /// <summary>The day the review was due when it began, in the tenant's calendar.</summary>
    public DateOnly DueOn { get; init; }

    public DateTime StartedAt { get; init; }

    public string? StartedBy { get; init; }

    public DateTime? CompletedAt { get; private set; }

    public string? CompletedBy { get; private set; }

    /// <summary>The revision in force at completion: later than <see cref="DataMapRevision"/> when items were changed by importing the data map again.</summary>
    public int? CompletedRevision { get; private set; }

    /// <summary>The reviewer's closing words, if any.</summary>
    public string? Summary { get; private set; }

    /// <summary>Completes the review; the command checks first that every item is decided.</summary>
    public void Complete(string? by, DateTime at, int revisionInForce, string? summary)
    {
        if (Status != ReviewStatus.InProgress)
        {
            throw new InvalidOperationException($"Review {Id} is completed already; evidence is not changed.");
        }

        Status = ReviewStatus.Completed;
        CompletedAt = at;
        CompletedBy = by;
        CompletedRevision = revisionInForce;
        Summary = summary;
    }
}
