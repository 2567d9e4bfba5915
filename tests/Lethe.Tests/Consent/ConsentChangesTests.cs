using System.Collections.Concurrent;
using System.Diagnostics;
using Lethe.Audit;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lethe.Tests.Consent;

/// <summary>
/// PostgreSQL, two servers on one database: the state one server keeps in memory is forgotten when the log changes by
/// any path — another server's recording, an erasure's delete, an operator's UPDATE or TRUNCATE — and while it does not
/// hear of changes it asks the database.
/// </summary>
public sealed class ConsentChangesTests
{
    private const string Browser = "q3Vn8sLx2Rk7YwPe";

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_state_answered_from_memory_is_forgotten_when_any_path_changes_the_log()
    {
        await using var server = await ServerAsync();
        await using var other = server.F.Db.AnotherServer();
        await RecordAsync(server.F.Db.Services, server.F, ConsentAction.Given, "statistics", "marketing");

        (await StatisticsAsync(server)).Given.ShouldBeTrue();
        await CachedAsync(server);

        // Another server records a withdrawal.
        var withdrawn = (await RecordAsync(other, server.F, ConsentAction.Withdrawn, "statistics"))[0];
        await UntilAsync(server, s => s.EventId == withdrawn.Id && !s.Given, "the other server's withdrawal");
        (await StatisticsAsync(server)).EventId.ShouldBe(withdrawn.Id);

        await CachedAsync(server);

        // An operator's own SQL turns it into a consent.
        await SqlAsync(server.F, $"UPDATE consent_events SET \"Action\" = 'given' WHERE \"Id\" = '{withdrawn.Id}'");
        await UntilAsync(server, s => s.EventId == withdrawn.Id && s.Given, "the operator's UPDATE");

        await CachedAsync(server);

        // An erasure deletes the subject's events through another server's context.
        await using (var scope = other.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.ConsentEvents.IgnoreQueryFilters().Where(e => e.Subject == withdrawn.Subject).ExecuteDeleteAsync()).ShouldBe(2);
        }

        await UntilAsync(server, s => s.EventId is null && !s.Given, "the delete");

        // And the log emptied by hand.
        await RecordAsync(other, server.F, ConsentAction.Given, "statistics");
        await UntilAsync(server, s => s.Given, "a new consent through the other server");
        await CachedAsync(server);
        await SqlAsync(server.F, "TRUNCATE consent_events");
        await UntilAsync(server, s => s.EventId is null, "the TRUNCATE");
    }

    [Fact]
    public async Task An_update_that_moves_events_to_another_tenant_is_heard_for_the_tenant_it_left()
    {
        await using var server = await ServerAsync();
        var other = await server.F.Db.CreateTenantAsync();
        var given = (await RecordAsync(server.F.Db.Services, server.F, ConsentAction.Given, "statistics"))[0];
        await UntilAsync(server, s => s.EventId == given.Id && s.Given, "the consent");
        await CachedAsync(server);

        // The trigger names the subjects of the rows before the update as well as after: the tenant the row left hears it.
        await SqlAsync(server.F, $"UPDATE consent_events SET \"TenantId\" = '{other.Id}' WHERE \"Id\" = '{given.Id}'");
        await UntilAsync(server, s => s.EventId is null && !s.Given, "the event moved to another tenant");
    }

    [Fact]
    public async Task On_a_quiet_connection_the_pings_keep_going_round_and_the_cache_keeps_answering()
    {
        // The real clock: trust lapses 3 s after the last ping that came back was sent, so it holds only if a ping goes
        // round every second.
        var f = await ShopAsync();
        using var cache = new ConsentStateCache(Options.Create(new ConsentOptions()), TimeProvider.System);
        var changes = new ConsentChanges(f.Db.Settings, cache, TimeProvider.System, NullLogger<ConsentChanges>.Instance);
        using var stop = new CancellationTokenSource();
        var listening = Task.Run(() => changes.RunAsync(stop.Token));
        await WaitAsync(() => cache.Trusted, "the first ping back");

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ConsentStateCache.Trust * 2.5)
        {
            cache.Trusted.ShouldBeTrue($"{clock.Elapsed.TotalSeconds:0.0} s in");
            // What /health/work is told: each ping that comes back is stamped (before the cache trusts it), so the
            // listener never counts as not hearing.
            var state = changes.State;
            state.HeardBack.ShouldNotBeNull();
            state.NotHearing(DateTimeOffset.UtcNow).ShouldBeFalse();
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await listening;
        cache.Trusted.ShouldBeFalse("stopped listening, nothing is heard");
    }

    [Fact]
    public async Task The_server_that_records_a_choice_answers_it_at_once_without_waiting_for_the_news()
    {
        // No listener at all: the cache is told the news is current, and only the recording itself can make it forget.
        var f = await ShopAsync();
        var cache = f.Db.Services.GetRequiredService<ConsentStateCache>();
        cache.Listening();
        cache.HeardAllBefore(f.Clock.GetTimestamp());
        var server = new Server(f, cache, f.Db.Services.GetRequiredService<ConsentChanges>(), Task.CompletedTask, new CancellationTokenSource());
        await RecordAsync(f.Db.Services, f, ConsentAction.Given, "statistics");
        (await StatisticsAsync(server)).Given.ShouldBeTrue();
        await CachedAsync(server);

        var withdrawn = (await RecordAsync(f.Db.Services, f, ConsentAction.Withdrawn, "statistics"))[0];

        var hits = cache.Hits;
        (await StatisticsAsync(server)).EventId.ShouldBe(withdrawn.Id);
        cache.Hits.ShouldBe(hits, "the recording forgot the subject");
    }

    [Fact]
    public async Task Each_statement_names_the_subjects_it_touched_at_most_90_to_a_notification()
    {
        var f = await ShopAsync();
        await using var listening = new NpgsqlConnection(f.Db.Settings.ConnectionString);
        await listening.OpenAsync();
        var heard = new ConcurrentQueue<string>();
        listening.Notification += (_, e) => heard.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ConsentChanges.Channel}", listening))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await using (var scope = f.Db.Scope())
        {
            var recorded = await scope.ServiceProvider.GetRequiredService<ConsentLog>().RecordAsync(f.Tenant, AuditActor.System,
            [
                new ConsentInput("browser", "aaaaaaaaaaaaaaaa", ConsentAction.Given, ["statistics"], "banner"),
                new ConsentInput("browser", "bbbbbbbbbbbbbbbb", ConsentAction.Given, ["statistics"], "banner"),
                new ConsentInput("browser", "aaaaaaaaaaaaaaaa", ConsentAction.Withdrawn, ["statistics"], "banner"),
            ], default);
            var payload = (await HearAsync(listening, heard, 1)).Single().Split(' ');
            payload[0].ShouldBe(f.Tenant.Id.ToString());
            payload.Skip(1).Order().ShouldBe(recorded.Value!.Select(e => e.Subject).Distinct().Order());
        }

        // Any insert but the log's own cannot be told apart: every server forgets everything.
        await SqlAsync(f, Insert(f, "two_hundred", 200));
        (await HearAsync(listening, heard, 1)).ShouldBe(["*"]);

        var subjects = Enumerable.Range(0, 200).Select(i => $"browser:two_hundred_{i}").ToList();
        await SqlAsync(f, "UPDATE consent_events SET \"Action\" = 'withdrawn' WHERE \"Subject\" LIKE 'browser:two_hundred_1%'");
        // 1, 10–19 and 100–199: 111 subjects, in two notifications.
        (await HearAsync(listening, heard, 2)).SelectMany(c => c.Split(' ').Skip(1)).Order()
            .ShouldBe(subjects.Where(s => s.StartsWith("browser:two_hundred_1", StringComparison.Ordinal)).Order());

        await SqlAsync(f, "DELETE FROM consent_events WHERE \"Subject\" LIKE 'browser:two_hundred_%'");
        var chunks = await HearAsync(listening, heard, 3);
        chunks.Select(c => c.Split(' ').Length - 1).Order().ShouldBe([20, 90, 90]);
        chunks.ShouldAllBe(c => c.StartsWith(f.Tenant.Id.ToString(), StringComparison.Ordinal));
        chunks.SelectMany(c => c.Split(' ').Skip(1)).Order().ShouldBe(subjects.Order());

        await SqlAsync(f, Insert(f, "many", 1001));
        await HearAsync(listening, heard, 1);
        await SqlAsync(f, "DELETE FROM consent_events WHERE \"Subject\" LIKE 'browser:many_%'");
        (await HearAsync(listening, heard, 1)).ShouldBe([$"{f.Tenant.Id} *"]);

        await SqlAsync(f, "TRUNCATE consent_events");
        (await HearAsync(listening, heard, 1)).ShouldBe(["*"]);
    }

    [Fact]
    public async Task While_the_listening_connection_is_down_every_read_asks_the_database()
    {
        await using var server = await ServerAsync();
        await using var other = server.F.Db.AnotherServer();
        await RecordAsync(server.F.Db.Services, server.F, ConsentAction.Given, "statistics");
        (await StatisticsAsync(server)).Given.ShouldBeTrue();
        (await StatisticsAsync(server)).Given.ShouldBeTrue();
        var backend = server.Changes.State.Backend!.Value;

        await SqlAsync(server.F, $"SELECT pg_terminate_backend({backend})");
        await WaitAsync(() => !server.Cache.Trusted && server.Changes.State.Status == ListenerStatus.Reconnecting, "the cache stops answering");

        // Nothing heard of this: the read must still see it, at once.
        var withdrawn = (await RecordAsync(other, server.F, ConsentAction.Withdrawn, "statistics"))[0];
        var hits = server.Cache.Hits;
        (await StatisticsAsync(server)).EventId.ShouldBe(withdrawn.Id);
        server.Cache.Hits.ShouldBe(hits);

        // The backoff before reconnecting waits on the test's clock: moved on until the listener is back.
        await WaitAsync(() =>
        {
            var back = server.Changes.State is { Status: ListenerStatus.Listening } s && s.Backend != backend && server.Cache.Trusted;
            if (!back)
            {
                server.F.Clock.Advance(TimeSpan.FromMilliseconds(200));
            }

            return back;
        }, "listening again");
        (await StatisticsAsync(server)).EventId.ShouldBe(withdrawn.Id);
        (await StatisticsAsync(server)).EventId.ShouldBe(withdrawn.Id);
        server.Cache.Hits.ShouldBe(hits + 1);
    }

    /// <summary>A server on PostgreSQL whose <see cref="ConsentChanges"/> listens, as the web host's does.</summary>
    private sealed class Server(RequestFixture f, ConsentStateCache cache, ConsentChanges changes, Task listening, CancellationTokenSource stop) : IAsyncDisposable
    {
        public RequestFixture F => f;

        public ConsentStateCache Cache => cache;

        public ConsentChanges Changes => changes;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await listening;
            stop.Dispose();
        }
    }

    private static Task<RequestFixture> ShopAsync() =>
        RequestFixture.CreateAsync(DatabaseProvider.Postgres, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 3);

    private static async Task<Server> ServerAsync()
    {
        var f = await ShopAsync();
        var cache = f.Db.Services.GetRequiredService<ConsentStateCache>();
        // On the test's clock, as the cache: the pings' times and the trust window must be read on one clock.
        var changes = f.Db.Services.GetRequiredService<ConsentChanges>();
        var stop = new CancellationTokenSource();
        var listening = Task.Run(() => changes.RunAsync(stop.Token));
        await WaitAsync(() => cache.Trusted, "listening");
        return new Server(f, cache, changes, listening, stop);
    }

    private static async Task<IReadOnlyList<ConsentEvent>> RecordAsync(IServiceProvider services, RequestFixture f, string action, params string[] purposes)
    {
        await using var scope = services.CreateAsyncScope();
        var recorded = await scope.ServiceProvider.GetRequiredService<ConsentLog>().RecordAsync(f.Tenant, AuditActor.System,
            [new ConsentInput("browser", Browser, action, purposes, "banner")], default);
        recorded.Succeeded.ShouldBeTrue(recorded.Failure?.Detail);
        return recorded.Value!;
    }

    private static async Task<PurposeState> StatisticsAsync(Server server)
    {
        await using var scope = server.F.Db.Scope();
        var state = await scope.ServiceProvider.GetRequiredService<ConsentLog>().StateAsync(server.F.Tenant, "browser", Browser, default);
        return state.Value!.Single(s => s.Purpose == "statistics");
    }

    /// <summary>
    /// The state is answered from memory: a read meets a cached answer. Polled, because the notification of the write
    /// just before arrives a moment after it and rightly forgets an answer read in between.
    /// </summary>
    private static async Task CachedAsync(Server server)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var hits = server.Cache.Hits;
            await StatisticsAsync(server);
            if (server.Cache.Hits == hits + 1)
            {
                return;
            }

            clock.Elapsed.ShouldBeLessThan(Within, "the state was read before and nothing changed since: it should be answered from memory");
            await Task.Delay(10);
        }
    }

    private static async Task UntilAsync(Server server, Func<PurposeState, bool> seen, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var state = await StatisticsAsync(server);
            if (seen(state))
            {
                return;
            }

            clock.Elapsed.ShouldBeLessThan(Within, $"the state read still answers {state} after {what}");
            await Task.Delay(10);
        }
    }

    private static async Task WaitAsync(Func<bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            clock.Elapsed.ShouldBeLessThan(Within, $"not {what} within {Within.TotalSeconds} s");
            await Task.Delay(10);
        }
    }

    private static async Task<List<string>> HearAsync(NpgsqlConnection listening, ConcurrentQueue<string> heard, int expected)
    {
        var clock = Stopwatch.StartNew();
        while (heard.Count < expected && clock.Elapsed < Within)
        {
            await listening.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        // Anything more would arrive with the statement's commit; a short wait shows there is none.
        await listening.WaitAsync(TimeSpan.FromMilliseconds(200));
        var all = new List<string>();
        while (heard.TryDequeue(out var payload))
        {
            all.Add(payload);
        }

        all.Count.ShouldBe(expected, string.Join(" | ", all.Select(p => p.Length > 80 ? p[..80] + "…" : p)));
        return all;
    }

    private static string Insert(RequestFixture f, string prefix, int subjects) => $"""
        INSERT INTO consent_events ("Id", "TenantId", "Subject", "Action", "PurposesJson", "Channel", "GlobalPrivacyControl", "OccurredAt", "Position", "ReceiptJson")
        SELECT gen_random_uuid(), '{f.Tenant.Id}', 'browser:{prefix}_' || i, 'given', '["statistics"]', 'banner', false, now(), 0, '[]'
        FROM generate_series(0, {subjects - 1}) AS i
        """;

    private static async Task SqlAsync(RequestFixture f, string sql)
    {
        await using var connection = new NpgsqlConnection(f.Db.Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
