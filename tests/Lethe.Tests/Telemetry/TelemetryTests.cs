using System.Diagnostics;
using System.Globalization;
using Lethe.Audit;
using Lethe.Consent;
using Lethe.Execution;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Telemetry;
using Lethe.Tests.Retention;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lethe.Tests.Telemetry;

/// <summary>Alone: the meter and the activity source are process-wide, and other tests' steps would be counted too.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Running_a_step_records_its_duration_and_a_span_tagged_with_kinds_only()
    {
        var f = await RequestFixture.CreateAsync(DatabaseProvider.Sqlite, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 40);
        var (_, number, _) = await f.CustomerWithHeldInvoicesAsync();
        var request = await f.CreateAsync(RequestType.Erasure, new Identity("customer_number", number));
        using var listening = new Listening();

        (await f.RunWorkerAsync()).ShouldBe(1);

        var durations = listening.Points("lethe.request.step.duration");
        var duration = durations.ShouldHaveSingleItem();
        duration.Count.ShouldBe(1);
        duration.Tags.ShouldBe(new Dictionary<string, string?>
        {
            [LetheTelemetry.Tags.RequestType] = "erasure",
            // The connector the data map declares for billing, whatever the test's demo store behind it is.
            [LetheTelemetry.Tags.Connector] = "postgres",
            [LetheTelemetry.Tags.StepStatus] = "done",
        }, ignoreOrder: true);
        var span = listening.Spans.ShouldHaveSingleItem();
        span.OperationName.ShouldBe("lethe.request.step");
        span.Tags.ToDictionary(t => t.Key, t => t.Value).ShouldBe(duration.Tags, ignoreOrder: true);
        listening.ShouldNotMention(number, f.Tenant.Slug, f.Tenant.Id.ToString(), request.Request.Id.ToString(), "billing");
    }

    [Fact]
    public async Task A_retention_batch_counts_its_rows_by_action_and_has_a_span()
    {
        var f = await RetentionFixture.CreateAsync(DatabaseProvider.Sqlite, "small-business", "erp", "ERP_DATABASE", people: 30);
        var old = await f.Store.AgeEveryOtherInvoiceAsync();
        using var listening = new Listening();

        var report = await f.RunAsync();

        report.Rules.Single(r => r.Rule == "bookkeeping").Deleted.ShouldBe(old);
        var rows = listening.Points("lethe.retention.rows");
        rows.Where(p => p.Tags[LetheTelemetry.Tags.RetentionAction] == "delete").Sum(p => p.Sum).ShouldBe(report.Rules.Sum(r => r.Deleted));
        rows.Where(p => p.Tags[LetheTelemetry.Tags.RetentionAction] == "anonymise").Sum(p => p.Sum).ShouldBe(report.Rules.Sum(r => r.Anonymized));
        rows.ShouldAllBe(p => p.Tags[LetheTelemetry.Tags.DatastoreKind] == "sqlite" && p.Tags.Count == 2);
        var batches = listening.Spans.Where(s => s.OperationName == "lethe.retention.batch" && s.GetTagItem(LetheTelemetry.Tags.Rows) is int).ToList();
        batches.Sum(s => (long)(int)s.GetTagItem(LetheTelemetry.Tags.Rows)!).ShouldBe(report.Rules.Sum(r => r.Deleted + r.Anonymized));
        batches.ShouldContain(s => (string?)s.GetTagItem(LetheTelemetry.Tags.RetentionAction) == "delete" && (int)s.GetTagItem(LetheTelemetry.Tags.Rows)! == old);
        listening.ShouldNotMention(f.Requests.Tenant.Slug, f.Requests.Tenant.Id.ToString(), "erp.db", "invoices");
    }

    [Fact]
    public async Task The_gauges_read_requests_by_state_and_the_outbox_queue_from_the_database()
    {
        var f = await RequestFixture.CreateAsync(DatabaseProvider.Sqlite, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 5);
        var email = (string)(await f.Store.QueryAsync("SELECT email FROM customers ORDER BY id")).First()[0]!;
        await f.CreateAsync(RequestType.Access, new Identity("email", email));
        await f.CreateAsync(RequestType.Erasure, new Identity("email", email));
        long queued;
        await using (var scope = f.Db.Scope())
        {
            queued = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().OutboxMessages.IgnoreQueryFilters().LongCountAsync(m => m.Status == MessageStatus.Queued);
        }

        using var listening = new Listening();
        using var gauges = new OperationsGauges(f.Db.Services.GetRequiredService<IServiceScopeFactory>());

        var requests = listening.Points("lethe.requests").ShouldHaveSingleItem();
        requests.Tags.ShouldBe(new Dictionary<string, string?> { [LetheTelemetry.Tags.RequestState] = RequestStatus.InProgress.ToString() });
        requests.Value.ShouldBe(2);
        listening.Points("lethe.outbox.queued").ShouldHaveSingleItem().Value.ShouldBe(queued);
    }

    [Fact]
    public async Task Consent_state_reads_are_counted_by_where_the_choices_came_from()
    {
        const string browser = "Xk4Pq9Lm2Rt7Vw3Z";
        var f = await RequestFixture.CreateAsync(DatabaseProvider.Sqlite, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 3);
        // SQLite has no listener: the test says that news of changes arrives, as ConsentChanges does on PostgreSQL.
        var cache = f.Db.Services.GetRequiredService<ConsentStateCache>();
        var time = f.Db.Services.GetRequiredService<TimeProvider>();
        cache.Listening();
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<ConsentLog>().RecordAsync(f.Tenant, AuditActor.System,
                [new ConsentInput(ConsentSubject.Browser, browser, ConsentAction.Given, ["statistics"], "banner")], default)).Succeeded.ShouldBeTrue();
        }

        using var listening = new Listening();
        for (var read = 0; read < 3; read++)
        {
            cache.HeardAllBefore(time.GetTimestamp());
            await using var scope = f.Db.Scope();
            (await scope.ServiceProvider.GetRequiredService<ConsentLog>().StateAsync(f.Tenant, ConsentSubject.Browser, browser, default)).Succeeded.ShouldBeTrue();
        }

        var reads = listening.Points("lethe.consent.state.reads");
        reads.ShouldAllBe(p => p.Tags.Count == 1);
        reads.ToDictionary(p => p.Tags[LetheTelemetry.Tags.StateSource]!, p => p.Sum).ShouldBe(
            new Dictionary<string, double> { ["database"] = 1, ["memory"] = 2 }, ignoreOrder: true);
        listening.ShouldNotMention(browser, f.Tenant.Slug, f.Tenant.Id.ToString());
    }

    /// <summary>Lethe's meter and activity source exported to memory for the length of one test.</summary>
    private sealed class Listening : IDisposable
    {
        private readonly List<Metric> _metrics = [];
        private readonly MeterProvider _meters;
        private readonly TracerProvider _tracer;

        public Listening()
        {
            _meters = Sdk.CreateMeterProviderBuilder().AddMeter(LetheTelemetry.Name).AddInMemoryExporter(_metrics).Build();
            _tracer = Sdk.CreateTracerProviderBuilder().AddSource(LetheTelemetry.Name).AddInMemoryExporter(Spans).Build();
        }

        public List<Activity> Spans { get; } = [];

        public List<Point> Points(string name)
        {
            _metrics.Clear();
            _meters.ForceFlush().ShouldBeTrue();
            var points = new List<Point>();
            foreach (var metric in _metrics.Where(m => m.Name == name))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, string?>();
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture);
                    }

                    points.Add(metric.MetricType switch
                    {
                        MetricType.Histogram => new Point(tags, point.GetHistogramCount(), point.GetHistogramSum(), 0),
                        MetricType.LongSum => new Point(tags, 0, point.GetSumLong(), 0),
                        MetricType.LongGauge => new Point(tags, 0, 0, point.GetGaugeLastValueLong()),
                        _ => throw new InvalidOperationException($"{metric.Name} is a {metric.MetricType}"),
                    });
                }
            }

            return points;
        }

        /// <summary>No tag of any exported metric or span carries one of these values.</summary>
        public void ShouldNotMention(params string[] values)
        {
            _meters.ForceFlush();
            _tracer.ForceFlush();
            var tagValues = Spans.SelectMany(s => s.TagObjects).Select(t => Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? "")
                .Concat(Spans.Select(s => s.DisplayName)).ToList();
            foreach (var metric in _metrics)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    foreach (var tag in point.Tags)
                    {
                        tagValues.Add(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "");
                    }
                }
            }

            tagValues.ShouldNotBeEmpty();
            foreach (var value in values)
            {
                tagValues.ShouldNotContain(t => t.Contains(value, StringComparison.OrdinalIgnoreCase), $"a tag carries '{value}'");
            }
        }

        public void Dispose()
        {
            _tracer.Dispose();
            _meters.Dispose();
        }
    }

    private sealed record Point(Dictionary<string, string?> Tags, long Count, double Sum, long Value);
}
