using System.Globalization;
using Lethe.Requests;
using Lethe.Work;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>
/// Part of <c>/health/work</c>: whether this server hears the work other servers make due (<see cref="WorkListener"/>).
/// Degraded while it reconnects — nothing is lost, the work waits for the timed round — so a monitor sees it without a
/// load balancer taking the server out.
/// </summary>
public sealed class WorkListenerHealthCheck(WorkListener listener, IOptions<WorkerOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = listener.State;
        var since = state.Since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var data = new Dictionary<string, object> { ["status"] = state.Status.ToString().ToLowerInvariant(), ["since"] = since };
        if (state.Backend is { } backend)
        {
            data["backend"] = backend;
        }

        return Task.FromResult(state.Status switch
        {
            ListenerStatus.Off => HealthCheckResult.Healthy($"Not listening for other servers' work: {state.Detail}.", data),
            ListenerStatus.Connecting => HealthCheckResult.Healthy($"Connecting to listen on {WorkSignal.Channel} since {since}.", data),
            ListenerStatus.Listening => HealthCheckResult.Healthy($"Listening on {WorkSignal.Channel} since {since}.", data),
            _ => HealthCheckResult.Degraded(
                $"Reconnecting to listen on {WorkSignal.Channel} since {since} ({state.Failures} failed attempt(s), the last {state.Detail}); " +
                $"work other servers make due waits for the timed round, every {options.Value.IntervalSeconds} s.",
                data: data),
        });
    }
}
