using System.Diagnostics.Metrics;
using Lethe.Messages;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Telemetry;

/// <summary>
/// Gauges read from the database when a metrics exporter collects: requests by state (every tenant together) and the
/// outbox's queue. Made only when telemetry is on, so a server without an exporter never runs these counts.
/// </summary>
public sealed class OperationsGauges : IDisposable
{
    private readonly Meter _meter = new(LetheTelemetry.Name);

    public OperationsGauges(IServiceScopeFactory scopes)
    {
        _meter.CreateObservableGauge("lethe.requests", () => RequestsByState(scopes), "{request}", "Requests by state, all tenants");
        _meter.CreateObservableGauge("lethe.outbox.queued", () => Queued(scopes), "{message}", "E-mails waiting in the outbox");
    }

    // Exporters collect on their own thread with no async callback to offer; these are two small indexed counts.
    private static IEnumerable<Measurement<long>> RequestsByState(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        var counts = scope.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.IgnoreQueryFilters()
            .GroupBy(r => r.Status).Select(g => new { State = g.Key, Count = g.LongCount() }).ToList();
        return counts.Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>(LetheTelemetry.Tags.RequestState, c.State.ToString())));
    }

    private static long Queued(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<LetheDbContext>().OutboxMessages.IgnoreQueryFilters().LongCount(m => m.Status == MessageStatus.Queued);
    }

    public void Dispose() => _meter.Dispose();
}
