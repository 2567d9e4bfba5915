using Lethe.Consent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Consent;

/// <summary>
/// The state cache on its own: it answers only while news of changes arrives, and never keeps an answer read before a
/// change it heard of.
/// </summary>
public sealed class ConsentStateCacheTests
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly Guid Revision = Guid.NewGuid();

    private static (ConsentStateCache Cache, FakeTimeProvider Clock) New(int entries = 1000)
    {
        var clock = new FakeTimeProvider();
        return (new ConsentStateCache(Options.Create(new ConsentOptions { StateCacheEntries = entries }), clock), clock);
    }

    /// <summary>As the listener does: LISTEN, then its first ping comes back.</summary>
    private static void Listen(ConsentStateCache cache, FakeTimeProvider clock)
    {
        cache.Listening();
        cache.HeardAllBefore(clock.GetTimestamp());
    }

    private static Dictionary<string, LoggedChoice> Choices(int version) =>
        new(StringComparer.Ordinal) { ["statistics"] = new LoggedChoice(Guid.NewGuid(), ConsentAction.Given, "[\"statistics\"]", DateTime.UnixEpoch, version) };

    private static void Keep(ConsentStateCache cache, string subject, int version, Guid? revision = null) =>
        cache.Keep(cache.Begin(Tenant, subject), revision ?? Revision, Choices(version));

    private static int? Known(ConsentStateCache cache, string subject, Guid? revision = null) =>
        cache.TryGet(Tenant, subject, revision ?? Revision, out var decided) ? decided["statistics"].NoticeVersion : null;

    [Fact]
    public void Nothing_is_kept_or_answered_before_it_listens()
    {
        var (cache, clock) = New();

        Keep(cache, "browser:a", 1);
        Known(cache, "browser:a").ShouldBeNull();

        cache.Listening();
        Known(cache, "browser:a").ShouldBeNull("kept before listening, it could miss a change made before the LISTEN");
        Keep(cache, "browser:a", 2);
        Known(cache, "browser:a").ShouldBeNull("listening, but no ping has come back yet: a pooler may have lost the LISTEN");
        cache.HeardAllBefore(clock.GetTimestamp());
        Keep(cache, "browser:a", 2);
        Known(cache, "browser:a").ShouldBe(2);
        cache.Hits.ShouldBe(1);
    }

    [Fact]
    public void An_answer_is_for_the_data_map_revision_it_was_read_under_and_the_tenant()
    {
        var (cache, clock) = New();
        Listen(cache, clock);
        Keep(cache, "browser:a", 1);

        Known(cache, "browser:a", Guid.NewGuid()).ShouldBeNull();
        cache.TryGet(Guid.NewGuid(), "browser:a", Revision, out _).ShouldBeFalse();
        Known(cache, "browser:a").ShouldBe(1);
    }

    [Fact]
    public void A_change_heard_while_the_database_was_asked_means_the_answer_is_not_kept()
    {
        var (cache, clock) = New();
        Listen(cache, clock);

        var ticket = cache.Begin(Tenant, "browser:a");
        cache.Heard($"{Tenant} browser:a");
        cache.Keep(ticket, Revision, Choices(1));
        Known(cache, "browser:a").ShouldBeNull();

        var everything = cache.Begin(Tenant, "browser:b");
        cache.Heard("*");
        cache.Keep(everything, Revision, Choices(1));
        Known(cache, "browser:b").ShouldBeNull();

        var lost = cache.Begin(Tenant, "browser:c");
        cache.Lost();
        Listen(cache, clock);
        cache.Keep(lost, Revision, Choices(1));
        Known(cache, "browser:c").ShouldBeNull("read before the connection dropped, it may predate a change nobody heard");
    }

    [Theory]
    [InlineData("{tenant} browser:a", false, true)]
    [InlineData("{tenant} browser:x browser:a browser:y", false, true)]
    [InlineData("{tenant} browser:x", true, true)]
    [InlineData("{other} browser:a", true, true)]
    [InlineData("{tenant} *", false, false)]
    [InlineData("*", false, false)]
    [InlineData("", false, false)]
    [InlineData("not-a-tenant browser:b", false, false)]
    public void A_notification_forgets_the_subjects_it_names_and_anything_it_cannot_read_forgets_everything(string payload, bool aStays, bool bStays)
    {
        var (cache, clock) = New();
        Listen(cache, clock);
        Keep(cache, "browser:a", 1);
        Keep(cache, "browser:b", 1);

        cache.Heard(payload.Replace("{tenant}", Tenant.ToString(), StringComparison.Ordinal).Replace("{other}", Guid.NewGuid().ToString(), StringComparison.Ordinal));

        (Known(cache, "browser:a") is not null).ShouldBe(aStays);
        (Known(cache, "browser:b") is not null).ShouldBe(bStays);
    }

    [Fact]
    public void It_stops_answering_when_the_connection_stays_silent_and_forgets_everything_when_it_drops()
    {
        var (cache, clock) = New();
        Listen(cache, clock);
        Keep(cache, "browser:a", 1);

        clock.Advance(ConsentStateCache.Trust - TimeSpan.FromMilliseconds(1));
        Known(cache, "browser:a").ShouldBe(1);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Known(cache, "browser:a").ShouldBeNull("the connection has not answered within the trust window");
        Keep(cache, "browser:b", 1);

        // A ping that comes back late on a live connection brings every earlier notification with it: the entries are
        // good again. One sent before the last that came back says nothing new.
        cache.HeardAllBefore(clock.GetTimestamp() - (10 * clock.TimestampFrequency));
        Known(cache, "browser:a").ShouldBeNull();
        cache.HeardAllBefore(clock.GetTimestamp());
        Known(cache, "browser:a").ShouldBe(1);
        Known(cache, "browser:b").ShouldBeNull("nothing is kept while the news is not trusted");

        cache.Lost();
        Known(cache, "browser:a").ShouldBeNull();
        Listen(cache, clock);
        Known(cache, "browser:a").ShouldBeNull();
    }

    [Fact]
    public void Turned_off_it_keeps_nothing()
    {
        var (cache, clock) = New(entries: 0);
        cache.Enabled.ShouldBeFalse();
        Listen(cache, clock);
        Keep(cache, "browser:a", 1);
        Known(cache, "browser:a").ShouldBeNull();
    }

    [Fact]
    public async Task Readers_racing_writers_never_leave_an_answer_older_than_the_last_change()
    {
        // Writers change a subject's truth and then forget it (as the trigger's notification does after commit);
        // readers take a ticket, read the truth, and keep it. Whatever interleaving, once all are done the cache holds
        // the newest truth or nothing.
        var (cache, clock) = New();
        Listen(cache, clock);
        var subjects = Enumerable.Range(0, 8).Select(i => $"browser:{i}").ToArray();
        var truth = new int[subjects.Length];
        for (var round = 0; round < 40; round++)
        {
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
            {
                var random = new Random(round * 10 + r);
                while (!stop.IsCancellationRequested)
                {
                    var i = random.Next(subjects.Length);
                    if (Known(cache, subjects[i]) is null)
                    {
                        var ticket = cache.Begin(Tenant, subjects[i]);
                        var read = Volatile.Read(ref truth[i]);
                        Thread.SpinWait(random.Next(50));
                        cache.Keep(ticket, Revision, Choices(read));
                    }
                }
            })).ToArray();
            var writer = Task.Run(() =>
            {
                var random = new Random(round);
                for (var n = 0; n < 2000; n++)
                {
                    var i = random.Next(subjects.Length);
                    Interlocked.Increment(ref truth[i]);
                    cache.Forget(Tenant, subjects[i]);
                }
            });
            await writer;
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            for (var i = 0; i < subjects.Length; i++)
            {
                Known(cache, subjects[i]).ShouldBeOneOf([null, truth[i]], $"round {round}, {subjects[i]}");
            }
        }
    }
}
