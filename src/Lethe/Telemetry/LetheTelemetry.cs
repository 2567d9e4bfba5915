using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lethe.Telemetry;

/// <summary>
/// Lethe's meter and activity source for operators: how long request steps take, how many rows retention removes,
/// where consent state reads are answered from, and spans around the first two. Tags name kinds and outcomes only — never a person's identity, a tenant, a datastore or its
/// connection, nor a value from a row — so a trace backend may hold them without becoming a store of personal data.
/// </summary>
public static class LetheTelemetry
{
    /// <summary>The name of the meter and of the activity source, to listen to both.</summary>
    public const string Name = "Lethe";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>How long one run of a request step took, by request type, connector kind and the step's state after it.</summary>
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "lethe.request.step.duration", "s", "How long one run of a request step took");

    /// <summary>Rows retention deleted or anonymised; its rate is the rows per second.</summary>
    public static readonly Counter<long> RetentionRows = Meter.CreateCounter<long>(
        "lethe.retention.rows", "{row}", "Rows retention deleted or anonymised");

    /// <summary>
    /// Consent state reads by where the subject's choices came from: memory (<see cref="Consent.ConsentStateCache"/>)
    /// or the database. A share from the database that stays high says the cache is off, too small, or not trusted.
    /// </summary>
    public static readonly Counter<long> ConsentStateReads = Meter.CreateCounter<long>(
        "lethe.consent.state.reads", "{read}", "Consent state reads, by where the subject's choices came from");

    /// <summary>The names of the tags, in OpenTelemetry's dotted style.</summary>
    public static class Tags
    {
        /// <summary>access, erasure, …: the request's type.</summary>
        public const string RequestType = "lethe.request.type";

        /// <summary>postgres, sqlite, webhook, manual: the kind of connector, not which datastore.</summary>
        public const string Connector = "lethe.step.connector";

        /// <summary>The step's state after the run: done, waiting, pending, failed.</summary>
        public const string StepStatus = "lethe.step.status";

        /// <summary>The request's state (received, in progress, completed, …) on the requests gauge.</summary>
        public const string RequestState = "lethe.request.state";

        /// <summary>delete or anonymise: what a retention rule does to its rows.</summary>
        public const string RetentionAction = "lethe.retention.action";

        /// <summary>postgres or sqlite: the kind of datastore a retention batch ran in.</summary>
        public const string DatastoreKind = "lethe.datastore.kind";

        /// <summary>memory or database: where a consent state read found the subject's choices.</summary>
        public const string StateSource = "lethe.consent.state.source";

        /// <summary>How many rows a retention batch changed (a span attribute).</summary>
        public const string Rows = "lethe.retention.batch.rows";
    }

    public const string StepActivity = "lethe.request.step";

    public const string RetentionBatchActivity = "lethe.retention.batch";
}
