using Lethe.Requests;
using Lethe.Work;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Lethe.Web.Hosting;

/// <summary>
/// Part of <c>/health/work</c>: whether this server hears the work other servers make due (<see cref="WorkListener"/>).
/// Degraded while it reconnects or its pings do not come back — nothing is lost, the work waits for the timed round —
/// so a monitor sees it without a load balancer taking the server out.
/// </summary>
public sealed class WorkListenerHealthCheck(WorkListener listener, IOptions<WorkerOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListenerHealth.Of(listener.State, time.GetUtcNow(), WorkSignal.Channel, "other servers' work",
            $"work other servers make due waits for the timed round, every {options.Value.IntervalSeconds} s"));
}
