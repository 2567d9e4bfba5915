using System.Globalization;
using Lethe.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lethe.Web.Hosting;

/// <summary>
/// A <see cref="PostgresListener"/>'s state as a health check result: healthy while off, connecting or listening;
/// degraded while it reconnects, so a monitor sees it without a load balancer taking the server out.
/// </summary>
internal static class ListenerHealth
{
    /// <param name="meanwhile">What happens while it reconnects, as the end of a sentence: "work … waits for the timed round".</param>
    public static HealthCheckResult Of(ListenerState state, string channel, string what, string meanwhile)
    {
        var since = state.Since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var data = new Dictionary<string, object> { ["status"] = state.Status.ToString().ToLowerInvariant(), ["since"] = since };
        if (state.Backend is { } backend)
        {
            data["backend"] = backend;
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
}
