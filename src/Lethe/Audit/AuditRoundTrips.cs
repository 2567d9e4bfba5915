using Npgsql;

namespace Lethe.Audit;

/// <summary>
/// PostgreSQL: statements a unit of work sends in the audit log's own round trips instead of in round trips of their own.
/// A consent batch's COPY is surrounded by the lock, the entry and the commit anyway; the statements it needs besides (a
/// mark for the log's trigger, the subjects' notifications) cost a round trip each otherwise, a few per cent of the batch.
/// </summary>
public sealed class AuditRoundTrips
{
    /// <summary>Sent with the audit lock: they run once it is granted, before the change does.</summary>
    public List<NpgsqlBatchCommand> WithLock { get; } = [];

    /// <summary>Sent with the entries, after the change has run (the change may add to them), before the entries are written.</summary>
    public List<NpgsqlBatchCommand> WithEntries { get; } = [];
}
