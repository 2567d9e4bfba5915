namespace Lethe.Records;

/// <summary>
/// An Art. 30 record of processing activities as a table: the mandatory columns of the article, one row per activity.
/// Every export format (CSV, XLSX, JSON) is rendered from this one value.
/// </summary>
public sealed record RecordOfProcessing(
    RecordKind Kind,
    string Language,
    string Organization,
    int ManifestRevision,
    DateTime GeneratedAt,
    IReadOnlyList<RecordColumn> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A column: a stable key for machines, the heading in the record's language, and the GDPR provision it fulfils.</summary>
public sealed record RecordColumn(string Key, string Heading, string Provision);
