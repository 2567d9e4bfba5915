namespace Lethe.Processors;

/// <summary>
/// A sub-processor added or replaced in a processor tenant's data map: the notice period it opened and the day the
/// change takes effect. Each customer served gets a <see cref="SubProcessorNotice"/> of its own.
/// </summary>
public sealed class SubProcessorChange : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The processor tenant whose data map changed.</summary>
    public Guid TenantId { get; init; }

    public required string ProcessorKey { get; init; }

    public required string Name { get; init; }

    public required string Location { get; init; }

    /// <summary>The name the sub-processor had before when it was replaced; null when it is new.</summary>
    public string? Replaces { get; init; }

    /// <summary>Where the replaced sub-processor was, shown with its name until the change takes effect; null when it is new.</summary>
    public string? ReplacesLocation { get; init; }

    public int DataMapRevision { get; init; }

    public DateTime OpenedAt { get; init; }

    public string? OpenedBy { get; init; }

    /// <summary>The end of the notice period: the change takes effect then, after the customers' objections were heard.</summary>
    public DateTime EffectiveAt { get; init; }
}
