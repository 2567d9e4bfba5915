namespace Lethe.Processors;

/// <summary>
/// What one customer tenant was told of a <see cref="SubProcessorChange"/> by the tenant serving it, and its objection
/// if it made one within the notice period (Art. 28(2)). Owned by the customer; the processor reads the objections.
/// </summary>
public sealed class SubProcessorNotice : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The customer tenant told.</summary>
    public Guid TenantId { get; init; }

    public Guid ChangeId { get; init; }

    public Guid ProcessorTenantId { get; init; }

    public required string ProcessorKey { get; init; }

    public required string Name { get; init; }

    public required string Location { get; init; }

    public string? Replaces { get; init; }

    /// <summary>Where the replaced sub-processor was, shown with its name until the change takes effect; null when it is new.</summary>
    public string? ReplacesLocation { get; init; }

    public DateTime OpenedAt { get; init; }

    public DateTime EffectiveAt { get; init; }

    /// <summary>How many people were mailed (the customer's admins, or its contact address when it has none).</summary>
    public int Mailed { get; init; }

    public DateTime? ObjectedAt { get; private set; }

    public string? ObjectedBy { get; private set; }

    public string? Objection { get; private set; }

    /// <summary>Whether an objection is still possible at <paramref name="now"/>: once, and only within the period.</summary>
    public bool MayObject(DateTime now) => ObjectedAt is null && now < EffectiveAt;

    public void Object(string reason, string? by, DateTime at)
    {
        if (!MayObject(at))
        {
            throw new InvalidOperationException($"Notice {Id} takes no objection now: objected {ObjectedAt:O}, effective {EffectiveAt:O}.");
        }

        Objection = reason;
        ObjectedBy = by;
        ObjectedAt = at;
    }
}
