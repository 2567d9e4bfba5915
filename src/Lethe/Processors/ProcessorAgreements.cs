using Lethe.DataMap;

namespace Lethe.Processors;

/// <summary>The document kept for a processor's agreement, without its bytes: what the calendar and the pages need.</summary>
public sealed record StoredAgreement(string ProcessorKey, Guid DocumentId, string FileName, long Size, string Sha256, DateTime UploadedAt);

/// <summary>One processor's agreement as the data map states it and Lethe keeps it.</summary>
public sealed record AgreementStatus(Processor Processor, StoredAgreement? Document)
{
    /// <summary>Art. 28(3) requires a contract with processors and sub-processors; other recipients have none.</summary>
    public bool Needed => Processor.Role is "processor" or "sub-processor";

    /// <summary>Needed, and neither dated in the data map nor kept as a document.</summary>
    public bool Missing => Needed && Processor.AgreementDate is null && Document is null;
}

/// <summary>
/// The processors' agreements, computed from the data map and the documents kept: which exist, which are missing, and
/// which are due for review by a day. Pure functions, so the compliance calendar can call them for any date.
/// </summary>
public static class ProcessorAgreements
{
    /// <summary>Every processor of <paramref name="manifest"/> with its newest document.</summary>
    public static IReadOnlyList<AgreementStatus> Of(Manifest manifest, IEnumerable<StoredAgreement> stored)
    {
        var newest = stored.GroupBy(s => s.ProcessorKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(s => s.UploadedAt), StringComparer.Ordinal);
        return manifest.Processors.Select(p => new AgreementStatus(p, newest.GetValueOrDefault(p.Key))).ToList();
    }

    /// <summary>
    /// The agreements whose review date falls on or before <paramref name="by"/>, earliest first: the calendar asks with
    /// a day ahead of today to remind before the date, and with today for those overdue.
    /// </summary>
    public static IReadOnlyList<AgreementStatus> DueForReview(Manifest manifest, IEnumerable<StoredAgreement> stored, DateOnly by) =>
        Of(manifest, stored).Where(a => a.Processor.ReviewDate is { } review && review <= by)
            .OrderBy(a => a.Processor.ReviewDate).ThenBy(a => a.Processor.Key, StringComparer.Ordinal).ToList();
}
