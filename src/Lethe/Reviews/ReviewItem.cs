namespace Lethe.Reviews;

/// <summary>One line of a review's checklist: a system, activity, rule, processor, open finding or failed job, and what the reviewer decided.</summary>
public sealed class ReviewItem : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid ReviewId { get; init; }

    /// <summary>1, 2, 3, … in the checklist's order: what the CLI's <c>lethe review confirm 3</c> names.</summary>
    public int Position { get; init; }

    public ReviewItemKind Kind { get; init; }

    /// <summary>The data map key (<c>crm</c>, <c>invoices</c>), the finding's column, or the job's name.</summary>
    public required string Key { get; init; }

    /// <summary>What the item was when the checklist was made, in the tenant's own language: kept, since the data map moves on.</summary>
    public required string Label { get; init; }

    public ItemDecision Decision { get; private set; } = ItemDecision.Open;

    public string? Note { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    public string? DecidedBy { get; private set; }

    /// <summary><c>system:crm</c>: the item's name across reviews.</summary>
    public string Ref => $"{Common.WireNames.ToWire(Kind)}:{Key}";

    /// <summary>Records the decision; deciding again (before completion) replaces it.</summary>
    public void Decide(ItemDecision decision, string? note, string? by, DateTime at)
    {
        if (decision == ItemDecision.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "An item is decided as confirmed or changed.");
        }

        Decision = decision;
        Note = note;
        DecidedAt = at;
        DecidedBy = by;
    }
}
