namespace Lethe.Audit;

/// <summary>The outcome of checking the audit chain: intact, or the first entry that was changed, removed or reordered.</summary>
public sealed record AuditVerification(long EntriesChecked, string HeadHash, long? FirstBrokenSequence, string? Problem)
{
    public bool IsIntact => Problem is null;
}
