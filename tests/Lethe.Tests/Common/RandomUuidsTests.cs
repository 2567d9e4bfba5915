using Lethe.Common;

namespace Lethe.Tests.Common;

public sealed class RandomUuidsTests
{
    [Fact]
    public async Task Every_uuid_is_a_distinct_version_4_uuid_on_every_thread()
    {
        // More than one buffer's worth on each of four threads of their own, started together so that they draw at once.
        var drawn = new List<Guid>[4];
        using var start = new Barrier(drawn.Length);
        var threads = Enumerable.Range(0, drawn.Length).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            drawn[t] = Enumerable.Range(0, 5000).Select(_ => RandomUuids.NewV4()).ToList();
        })).ToList();
        threads.ForEach(t => t.Start());
        await Task.Run(() => threads.ForEach(t => t.Join()));
        var all = drawn.SelectMany(d => d).ToList();

        all.Count.ShouldBe(20_000);
        all.Distinct().Count().ShouldBe(all.Count);
        all.ShouldAllBe(u => u.Version == 4);
        all.ShouldAllBe(u => (u.Variant & 0b1100) == 0b1000, "RFC 9562 variant");
        // The text form says the same: a 4 where the version stands, one of 8, 9, a, b where the variant does.
        all.ShouldAllBe(u => u.ToString()[14] == '4' && "89ab".Contains(u.ToString()[19]));
    }

    [Fact]
    public void The_random_bits_are_spread_evenly()
    {
        // 122 random bits per UUID: over 4,096 of them each bit outside the version and variant is set about half the time.
        var counts = new int[128];
        const int draws = 4096;
        for (var i = 0; i < draws; i++)
        {
            var bytes = RandomUuids.NewV4().ToByteArray();
            for (var bit = 0; bit < 128; bit++)
            {
                counts[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
            }
        }

        int[] fixedBits = [7 * 8 + 4, 7 * 8 + 5, 7 * 8 + 6, 7 * 8 + 7, 8 * 8 + 6, 8 * 8 + 7];
        for (var bit = 0; bit < 128; bit++)
        {
            if (!fixedBits.Contains(bit))
            {
                // Binomial(4096, ½): a standard deviation of 32; 6 of them either way fails only by chance of ~1e-9 a bit.
                counts[bit].ShouldBeInRange(draws / 2 - 192, draws / 2 + 192, $"bit {bit}");
            }
        }
    }
}
