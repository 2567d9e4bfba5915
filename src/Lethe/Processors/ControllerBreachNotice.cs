namespace Lethe.Processors;

/// <summary>
/// A processor's notice of its breach to one controller it serves (Art. 33(2)): what the controller needs for its
/// own notification, rendered in the controller's language, recorded with the time it was sent. Owned by the controller.
/// </summary>
public sealed class ControllerBreachNotice : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The controller tenant told.</summary>
    public Guid TenantId { get; init; }

    public Guid ProcessorTenantId { get; init; }

    /// <summary>The breach in the processor's register.</summary>
    public Guid BreachId { get; init; }

    public required string Language { get; init; }

    public required string Markdown { get; init; }

    /// <summary>People of this controller affected, as the processor counted them; null: not known yet.</summary>
    public long? People { get; init; }

    public long? Records { get; init; }

    public int Mailed { get; init; }

    public DateTime SentAt { get; init; }

    public string? SentBy { get; init; }
}
