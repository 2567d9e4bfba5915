namespace Lethe.Scanning;

/// <summary>How one table's scan is getting on, after each batch: rows and characters so far, the estimate, the pace.</summary>
public sealed record ScanProgress(string Datastore, string Table, long Rows, long Bytes, long? EstimatedRows, double Seconds, bool Finished, string? Error);
