using Lethe.Consent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lethe.Web.Hosting;

/// <summary>
/// Part of <c>/health/work</c>: whether this server hears changes to consent events (<see cref="ConsentChanges"/>).
/// Degraded while it reconnects or its pings do not come back: every state read then asks the database, correct but slower.
/// </summary>
public sealed class ConsentListenerHealthCheck(ConsentChanges changes, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListenerHealth.Of(changes.State, time.GetUtcNow(), ConsentChanges.Channel, "changes to consent events",
            "meanwhile every consent state read asks the database"));
}
