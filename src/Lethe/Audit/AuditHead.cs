namespace Lethe.Audit;

/// <summary>
/// The last sequence and hash of the chain, updated in the same transaction as each append. Without it,
/// removing the newest entries would leave a shorter chain that still verifies.
/// </summary>
public sealed class AuditHead
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    public long Sequence { get; set; }

    public required string Hash { get; set; }
}
