using System.Globalization;
using Lethe.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lethe.Web.Hosting;

/// <summary>
/// A <see cref="PostgresListener"/>'s state as a health check result: healthy while off, connecting or listening;
/// degraded while it reconnects or while its own pings do not come back, so a monitor sees it without a load balancer
/// taking the server out.
/// </summary>
internal static class ListenerHealth
{
    /// <param name="meanwhile">What happens while it does not hear, as the end of a sentence: "work … waits for the timed round".</param>
    public static HealthCheckResult Of(ListenerState state, DateTimeOffset now, string channel, string what, string meanwhile)
    {
        var since = Stamp(state.Since);
        var data = new Dictionary<string, object> { ["status"] = state.Status.ToString().ToLowerInvariant(), ["since"] = since };
        if (state.Backend is { } backend)
        {
            data["backend"] = backend;
        }

        if (state.HeardBack is { } heardBack)
        {
            data["heardBack"] = Stamp(heardBack);
        }

        if (state.NotHearing(now))
        {
            var last = state.HeardBack is { } back ? $"last came back at {Stamp(back)}" : "has not come back once";
            return HealthCheckResult.Degraded(
                $"Listening on {channel} since {since}, but its own ping, sent every {state.PingEvery!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s, {last}: the session does " +
                $"not hear the channel (a connection pooler in transaction mode drops LISTEN; connect to PostgreSQL directly); {meanwhile}.",
                data: data);
        }

        return state.Status switch
        {
            ListenerStatus.Off => HealthCheckResult.Healthy($"Not listening for {what}: {state.Detail}.", data),
            ListenerStatus.Connecting => HealthCheckResult.Healthy($"Connecting to listen on {channel} since {since}.", data),
            ListenerStatus.Listening => HealthCheckResult.Healthy($"Listening on {channel} since {since}.", data),
            _ => HealthCheckResult.Degraded(
                $"Reconnecting to listen on {channel} since {since} ({state.Failures} failed attempt(s), the last {state.Detail}); {meanwhile}.",
                data: data),
        };
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
