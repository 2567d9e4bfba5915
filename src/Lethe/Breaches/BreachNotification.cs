namespace Lethe.Breaches;

/// <summary>
/// One notification to the supervisory authority as it was made: the first, or a later phase adding what the first
/// lacked (Art. 33(4)). Kept as rendered, with the numbers it stated, so the register shows what the authority was told.
/// </summary>
public sealed class BreachNotification : Storage.ITenantOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid TenantId { get; init; }

    public Guid BreachId { get; init; }

    /// <summary>1 for the first notification, then 2, 3, … for each phase.</summary>
    public int Phase { get; init; }

    /// <summary>The authority's language: da for Datatilsynet in Denmark, nb in Norway, else en.</summary>
    public required string Language { get; init; }

    /// <summary>What this phase adds to the earlier ones, in the officer's words; null for the first notification.</summary>
    public string? Added { get; init; }

    public required string Markdown { get; init; }

    /// <summary>The counts it stated (<see cref="BreachCounts"/> as JSON).</summary>
    public string? CountsJson { get; init; }

    public DateTime MadeAt { get; init; }

    public string? MadeBy { get; init; }
}
