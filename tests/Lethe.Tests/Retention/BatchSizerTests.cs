using Lethe.Retention;

namespace Lethe.Tests.Retention;

public sealed class BatchSizerTests
{
    /// <summary>The default settings: 200 ms a batch, from 5,000 rows, between 1,000 and 1,000,000.</summary>
    private static readonly BatchSizer Default = BatchSizer.For(new RetentionOptions(), BatchSizer.RangeCeiling);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Theory]
    // A quick batch grows the next towards the target, by at most twice.
    [InlineData(5000, 5000, 120, 8333)]
    [InlineData(5000, 5000, 50, 10000)]
    [InlineData(5000, 5000, 1, 10000)]
    // Too short to measure says only "quick": twice, not the thousandfold its time would suggest.
    [InlineData(5000, 5000, 0.2, 10000)]
    [InlineData(5000, 5000, 0, 10000)]
    // Near the target (within a quarter either way) the size stays.
    [InlineData(5000, 5000, 151, 5000)]
    [InlineData(5000, 5000, 200, 5000)]
    [InlineData(5000, 5000, 249, 5000)]
    // A batch that ran long makes the next one smaller at once, in proportion.
    [InlineData(5000, 5000, 400, 2500)]
    [InlineData(40000, 40000, 532, 15038)]
    [InlineData(5000, 0, 400, 2500)]
    // Never below the floor of 1,000 rows, never above a million.
    [InlineData(5000, 5000, 2000, 1000)]
    [InlineData(5000, 5000, 60000, 1000)]
    [InlineData(800000, 800000, 10, 1000000)]
    [InlineData(1000000, 1000000, 10, 1000000)]
    // A quick batch that changed less than a quarter of its rows (rows not yet due) says nothing of the cost of changing rows.
    [InlineData(5000, 0, 10, 5000)]
    [InlineData(5000, 1249, 10, 5000)]
    [InlineData(5000, 1250, 10, 10000)]
    public void The_next_batch_is_sized_from_the_last_ones_rows_and_time(int size, int rows, double ms, int next) =>
        Default.Next(size, rows, Ms(ms)).ShouldBe(next);

    [Theory]
    [InlineData(5000, 5000, 5000)]
    [InlineData(3, 3, 5000)]
    [InlineData(100000, 0, 1)]
    public void With_no_target_every_batch_keeps_its_size(int size, int rows, double ms) =>
        BatchSizer.For(new RetentionOptions().WithFixedBatchSize(size), BatchSizer.RangeCeiling).Next(size, rows, Ms(ms)).ShouldBe(size);

    [Fact]
    public void A_start_below_the_floor_is_the_floor_and_one_above_the_ceiling_the_ceiling()
    {
        var small = BatchSizer.For(new RetentionOptions { BatchSize = 10 }, BatchSizer.RangeCeiling);
        small.Next(10, 10, Ms(5000)).ShouldBe(10);
        var read = BatchSizer.For(new RetentionOptions { BatchSize = 5000 }, BatchSizer.ReadCeiling);
        read.Next(80000, 80000, Ms(10)).ShouldBe(100000);
    }

    /// <summary>
    /// A table whose batches cost a fixed time plus a time per row, as a clock the test controls: across a thousand
    /// random tables, sizes settle within a quarter of the target, never overshoot it on the way up, and a table that
    /// turns ten times dearer costs one long batch, after which the next is back near the target.
    /// </summary>
    [Fact]
    public void Under_a_steady_cost_batches_settle_near_the_target_and_recover_from_one_long_batch_at_once()
    {
        var random = new Random(21);
        var target = Default.Target;
        for (var table = 0; table < 1000; table++)
        {
            // 0 to 5 ms a batch (a round trip, the commit, the checkpoint) and 0.2 to 50 µs a row.
            var overhead = Ms(random.NextDouble() * 5);
            var perRow = Ms(0.0002 * Math.Pow(250, random.NextDouble()));
            TimeSpan Cost(int rows) => overhead + perRow * rows;

            var size = 5000;
            for (var batch = 0; batch < 40; batch++)
            {
                var elapsed = Cost(size);
                var next = Default.Next(size, size, elapsed);
                next.ShouldBeLessThanOrEqualTo(size * 2, "a batch grows by at most twice");
                next.ShouldBeInRange(Default.Min, Default.Max);
                if (elapsed < target && next > size)
                {
                    // Rounding to whole rows may add one row's time.
                    Cost(next).ShouldBeLessThanOrEqualTo(target + perRow, "growing never overshoots the target under a steady cost");
                }

                size = next;
            }

            var settled = Cost(size);
            if (size > Default.Min && size < Default.Max)
            {
                settled.ShouldBeInRange(target * 0.75, target * 1.25, $"overhead {overhead}, {perRow.TotalMicroseconds} µs a row");
            }

            // The table turns ten times dearer: the batch then runs long, and the one after it is back under the limit.
            perRow *= 10;
            var slow = Cost(size);
            size = Default.Next(size, size, slow);
            if (slow > target * 1.25 && size > Default.Min)
            {
                Cost(size).ShouldBeLessThanOrEqualTo(target * 1.25);
            }
        }
    }

    [Fact]
    public void Rows_that_are_not_due_do_not_grow_the_batch_that_meets_the_due_ones()
    {
        // Half a million quick rows not due, then rows due at 40 µs each: the size the empty batches leave is the start's.
        var size = 5000;
        for (var batch = 0; batch < 100; batch++)
        {
            size = Default.Next(size, 0, Ms(2));
        }

        size.ShouldBe(5000);
        (TimeSpan.FromMicroseconds(40) * size).ShouldBeLessThan(Default.Target * 1.25);
    }
}
