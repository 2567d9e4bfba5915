using System.Text.Json;

namespace Lethe.Retention;

/// <summary>
/// A batch about to commit in a datastore, written to Lethe's database first. The datastore's transaction and Lethe's
/// checkpoint cannot be one transaction, so a kill between the two would leave the run's report short by that batch
/// (the report is compliance evidence and must be exact) and the deleted rows' files on disk. On resume the batch's
/// range is counted again: nothing there still due means it committed, and its rows and files are settled then.
/// </summary>
/// <param name="After">The key the batch started after (JSON, as <see cref="RetentionProgress.LastKey"/>), for key ranges.</param>
/// <param name="UpTo">The last key of the batch (JSON); null with <paramref name="FromPage"/>, or when the range runs to the end.</param>
/// <param name="FromPage">PostgreSQL page batches: the first page.</param>
/// <param name="ToPage">PostgreSQL page batches: the page the batch stops before.</param>
/// <param name="Rows">Rows the batch changed.</param>
/// <param name="Files">Files of the rows the batch deletes, to remove once it has committed.</param>
/// <param name="Held">Keys the batch left alone under a hold (JSON each), as they were then: a hold placed or released
/// before the resume must not change what the batch is judged to have done.</param>
/// <param name="Transaction">PostgreSQL: the batch's transaction id, whose fate <c>txid_status</c> tells exactly.</param>
public sealed record PendingBatch(string? After, string? UpTo, long? FromPage, long? ToPage, int Rows, IReadOnlyList<string> Files, IReadOnlyList<string> Held, long? Transaction)
{
    public string Write() => JsonSerializer.Serialize(this);

    public static PendingBatch Read(string json) => JsonSerializer.Deserialize<PendingBatch>(json)
                                                   ?? throw new InvalidOperationException("An empty pending batch was stored.");
}
