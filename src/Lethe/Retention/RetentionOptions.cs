namespace Lethe.Retention;

/// <summary>Settings of the retention sweep (section <c>Lethe:Retention</c>), checked when Lethe starts.</summary>
public sealed class RetentionOptions : Common.IOptionsProblems
{
    public const string Section = "Lethe:Retention";

    /// <summary>
    /// Rows of a rule's first batch; each batch is one short transaction. With <see cref="TargetBatchDuration"/> zero,
    /// the rows of every batch (as <c>lethe retention run --batch-size</c> sets it).
    /// </summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// How long a batch's transaction should take: from <see cref="BatchSize"/> on, batches grow while they are quicker and
    /// shrink at once after one that took longer (<see cref="BatchSizer"/>). Zero keeps every batch at <see cref="BatchSize"/>.
    /// </summary>
    public TimeSpan TargetBatchDuration { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the worker starts a run per tenant: daily by default.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a worker holds a rule without reporting a batch before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Completed requests (with their steps and finished deferred erasures) are deleted this long after completion. The company sets it; three years is the Danish and Norwegian limitation period for claims.</summary>
    public string RequestRecords { get; set; } = "P3Y";

    /// <summary>Data that webhook systems returned for an answer is dropped this long after the request completed.</summary>
    public string WebhookAnswers { get; set; } = "P30D";

    /// <summary>A privacy-centre request whose e-mail address was never confirmed is deleted this long after it was filed.</summary>
    public string UnconfirmedRequests { get; set; } = "P30D";

    /// <summary>
    /// An anonymous browser's consent events (and its lapsed state) are deleted this long after they were recorded: long
    /// enough to prove what a visitor chose for as long as a claim could be made, then gone.
    /// </summary>
    public string BrowserConsents { get; set; } = "P3Y";

    /// <summary>These settings with every batch <paramref name="size"/> rows, neither grown nor shrunk.</summary>
    public RetentionOptions WithFixedBatchSize(int size)
    {
        var copy = (RetentionOptions)MemberwiseClone();
        copy.BatchSize = size;
        copy.TargetBatchDuration = TimeSpan.Zero;
        return copy;
    }

    /// <summary>The problems with these settings, each a sentence; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (BatchSize is < 1 or > 100_000)
        {
            yield return $"{Section}:BatchSize must be between 1 and 100000, not {BatchSize}.";
        }

        if (TargetBatchDuration != TimeSpan.Zero && (TargetBatchDuration < TimeSpan.FromMilliseconds(10) || TargetBatchDuration > TimeSpan.FromSeconds(30)))
        {
            yield return $"{Section}:TargetBatchDuration must be between 00:00:00.010 and 00:00:30 (the default is 00:00:00.200), or 00:00:00 for batches of BatchSize rows each, not {TargetBatchDuration.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms.";
        }

        if (Interval < TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:Interval must be at least a minute (e.g. 1.00:00:00 for daily).";
        }

        if (Lease < TimeSpan.FromSeconds(10))
        {
            yield return $"{Section}:Lease must be at least 10 seconds.";
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(RequestRecords), RequestRecords), (nameof(WebhookAnswers), WebhookAnswers), (nameof(UnconfirmedRequests), UnconfirmedRequests),
                     (nameof(BrowserConsents), BrowserConsents),
                 })
        {
            if (DataMap.IsoPeriod.Parse(value) is null)
            {
                yield return $"{Section}:{name} '{value}' is not an ISO 8601 period; write e.g. P3Y or P30D.";
            }
        }
    }
}
