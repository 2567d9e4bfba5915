using Lethe.Storage;
using Lethe.Web.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lethe.Web.Tests.Hosting;

/// <summary>What <c>/health/work</c> says of a listener: degraded while it reconnects and while its own pings do not come back.</summary>
public sealed class ListenerHealthTests
{
    private static readonly DateTimeOffset Since = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    public static TheoryData<string, ListenerState, double, HealthStatus, string> States => new()
    {
        { "off", new ListenerState(ListenerStatus.Off, Since, "SQLite: every state read asks the database"), 60, HealthStatus.Healthy, "Not listening for changes: SQLite" },
        { "connecting", new ListenerState(ListenerStatus.Connecting, Since), 60, HealthStatus.Healthy, "Connecting to listen on lethe_test" },
        { "pings coming back", new ListenerState(ListenerStatus.Listening, Since, PingEvery: Second, HeardBack: Since.AddSeconds(59)), 60, HealthStatus.Healthy, "Listening on lethe_test since 2026-12-05T12:00:00" },
        { "first ping not yet due back", new ListenerState(ListenerStatus.Listening, Since, PingEvery: Second), 3, HealthStatus.Healthy, "Listening on lethe_test" },
        { "no ping ever back", new ListenerState(ListenerStatus.Listening, Since, PingEvery: Second), 60, HealthStatus.Degraded, "has not come back once: the session does not hear the channel" },
        { "pings stopped coming back", new ListenerState(ListenerStatus.Listening, Since, PingEvery: Second, HeardBack: Since.AddSeconds(10)), 60, HealthStatus.Degraded, "last came back at 2026-12-05T12:00:10" },
        { "reconnecting", new ListenerState(ListenerStatus.Reconnecting, Since, "SocketException", 3), 60, HealthStatus.Degraded, "3 failed attempt(s), the last SocketException" },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void The_check_follows_the_listener(string name, ListenerState state, double nowAfterSeconds, HealthStatus expected, string says)
    {
        var result = ListenerHealth.Of(state, Since.AddSeconds(nowAfterSeconds), "lethe_test", "changes", "meanwhile it asks the database");

        result.Status.ShouldBe(expected, name);
        result.Description.ShouldNotBeNull().ShouldContain(says, Case.Sensitive, name);
        result.Data["status"].ShouldBe(state.Status.ToString().ToLowerInvariant());
        if (expected == HealthStatus.Degraded)
        {
            result.Description.ShouldEndWith("meanwhile it asks the database.", Case.Sensitive, name);
        }

        if (state.HeardBack is { } back)
        {
            result.Data["heardBack"].ShouldBe(back.UtcDateTime.ToString("O"));
        }
    }
}
