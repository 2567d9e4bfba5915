namespace Lethe.Retention;

/// <summary>
/// Sizes retention batches so that each transaction takes about <see cref="Target"/>: the next size from the last one,
/// the rows it changed and how long it took. A batch's fixed cost (a round trip, the commit, the checkpoint in Lethe's
/// database) weighs little once a batch is big enough to take a fair part of a second, and a transaction that stays short
/// holds its locks and its WAL briefly. With a zero target every batch keeps the size it was given.
/// </summary>
/// <param name="Target">The time a batch's transaction should take; zero for batches of a fixed size.</param>
/// <param name="Min">The smallest size: below it a batch's fixed cost is most of its time, so shrinking further would slow the run without shortening the transaction much.</param>
/// <param name="Max">The largest size.</param>
public sealed record BatchSizer(TimeSpan Target, int Min, int Max)
{
    /// <summary>A batch may be at most this many times the size of the one before: the table may get dearer further on.</summary>
    public const double MaxGrowth = 2;

    /// <summary>Within this fraction of the target either way a size stays as it is, so noise does not make it swing.</summary>
    public const double Tolerance = 0.25;

    /// <summary>Shorter than this a batch's time is mostly the clock's and the scheduler's noise; it only says "quick".</summary>
    public static readonly TimeSpan Noise = TimeSpan.FromMilliseconds(1);

    /// <summary>The smallest size a sizer goes down to unless the operator starts below it.</summary>
    public const int Floor = 1000;

    /// <summary>The largest size of a batch changed by one statement (a range of keys or of pages).</summary>
    public const int RangeCeiling = 1_000_000;

    /// <summary>The largest size of a batch whose rows Lethe reads and holds to compute their values (keyed hash, random text).</summary>
    public const int ReadCeiling = 100_000;

    /// <summary>The sizer for <paramref name="options"/>: starting at <see cref="RetentionOptions.BatchSize"/>, up to <paramref name="max"/>.</summary>
    public static BatchSizer For(RetentionOptions options, int max) =>
        new(options.TargetBatchDuration, Math.Min(options.BatchSize, Floor), Math.Max(options.BatchSize, max));

    /// <summary>Whether the size never changes.</summary>
    public bool Fixed => Target <= TimeSpan.Zero;

    /// <summary>
    /// The size of the next batch after one of <paramref name="size"/> that changed <paramref name="rows"/> rows in
    /// <paramref name="elapsed"/>. A batch that ran long shrinks the next at once, in proportion; a quick one grows it
    /// towards the target by at most <see cref="MaxGrowth"/>, and only when it changed at least a quarter of its size:
    /// a batch over rows that are not due is quick whatever its size, and the rows after it may all be due.
    /// </summary>
    public int Next(int size, int rows, TimeSpan elapsed)
    {
        if (Fixed)
        {
            return size;
        }

        double next = size;
        if (elapsed > Target * (1 + Tolerance))
        {
            next = size * (Target / elapsed);
        }
        else if (elapsed < Target * (1 - Tolerance) && rows >= size / 4.0)
        {
            next = elapsed < Noise ? size * MaxGrowth : size * Math.Min(MaxGrowth, Target / elapsed);
        }

        return (int)Math.Clamp(Math.Round(next), Min, Max);
    }
}
