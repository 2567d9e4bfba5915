using System.Text.Json;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lethe.Audit;

/// <summary>
/// Appends to the hash-chained audit log. <see cref="SaveChangesAsync(AuditEvent, CancellationToken)"/> stores the caller's pending changes and the
/// entry that records them in one transaction, so a change is never without its entry, nor an entry without its change.
/// </summary>
public sealed class AuditLog(LetheDbContext db, TimeProvider time)
{
    // Any constant works; it only has to be the same in every Lethe process sharing the database.
    private const long PostgresLockKey = 0x4C65746865_4175;

    // SQLite's own write lock serializes processes (transactions begin IMMEDIATE); this keeps one process's
    // connections from queueing on that lock and timing out.
    private static readonly SemaphoreSlim SqliteAppendGate = new(1, 1);

    // The head LockAsync read with the lock, for the AppendAsync of the same unit of work (null: there is none yet).
    private AuditHead? _lockedHead;
    private bool _headReadWithLock;

    /// <summary>Saves the context's pending changes together with the entry for <paramref name="auditEvent"/>.</summary>
    public Task SaveChangesAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => SaveChangesAsync([auditEvent], cancellationToken);

    /// <summary>Saves the context's pending changes together with one entry per event, chained in the order given.</summary>
    public Task SaveChangesAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken) =>
        SaveChangesAsync(auditEvents, alsoWrite: null, cancellationToken);

    /// <summary>
    /// As <see cref="SaveChangesAsync(IReadOnlyList{AuditEvent}, CancellationToken)"/>, running <paramref name="alsoWrite"/>
    /// (set-based statements the change tracker does not see) in the same transaction first. It runs after the audit
    /// lock is taken, so it never holds row locks while waiting for the lock that another writer holds.
    /// </summary>
    public Task SaveChangesAsync(IReadOnlyList<AuditEvent> auditEvents, Func<CancellationToken, Task>? alsoWrite, CancellationToken cancellationToken) =>
        SaveChangesAsync(
            async ct =>
            {
                if (alsoWrite is not null)
                {
                    await alsoWrite(ct);
                }

                return auditEvents;
            },
            cancellationToken);

    /// <summary>
    /// For a change that must be read and decided under the audit lock (a counter two requests may raise at once, a
    /// token two requests may spend at once): <paramref name="change"/> runs in the transaction once the lock is held,
    /// makes its changes and returns the entries that record them (none: nothing happened).
    /// </summary>
    public async Task SaveChangesAsync(Func<CancellationToken, Task<IReadOnlyList<AuditEvent>>> change, CancellationToken cancellationToken)
    {
        var sqlite = !db.IsPostgres;
        if (sqlite)
        {
            await SqliteAppendGate.WaitAsync(cancellationToken);
        }

        try
        {
            var ownTransaction = db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(cancellationToken)
                : null;
            await using (ownTransaction)
            {
                try
                {
                    if (!sqlite)
                    {
                        // Concurrent writers on other servers wait here, so each reads the head the previous one wrote.
                        await LockAsync(cancellationToken);
                    }

                    var auditEvents = await change(cancellationToken);
                    if (auditEvents.Count > 0)
                    {
                        await AppendAsync(auditEvents, cancellationToken);
                    }
                }
                finally
                {
                    // The head read with this lock is good for this unit of work only; a later one reloads the tracked head.
                    (_lockedHead, _headReadWithLock) = (null, false);
                }

                await db.SaveChangesAsync(cancellationToken);
                if (ownTransaction is not null)
                {
                    await ownTransaction.CommitAsync(cancellationToken);
                }
            }
        }
        finally
        {
            if (sqlite)
            {
                SqliteAppendGate.Release();
            }
        }
    }

    /// <summary>
    /// PostgreSQL: takes the audit lock and, unless this context tracks the head already, reads the head with it in one
    /// round trip (every consent batch, every request step pays for this one).
    /// </summary>
    private async Task LockAsync(CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.Entries<AuditHead>().Any())
        {
            // This context appended before: AppendAsync reloads the head it tracks, now that the lock is held.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", cancellationToken);
            return;
        }

        var head = db.Model.FindEntityType(typeof(AuditHead))!;
        string Column(string property) => head.FindProperty(property)!.GetColumnName();
        // Two statements, not one: under READ COMMITTED each statement sees the database as of its own start, so the
        // second reads the head only once the first has the lock, and sees what the writer before it committed.
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({PostgresLockKey})"),
                new NpgsqlBatchCommand(
                    $"SELECT \"{Column(nameof(AuditHead.Sequence))}\", \"{Column(nameof(AuditHead.Hash))}\" FROM {Table(head)} "
                    + $"WHERE \"{Column(nameof(AuditHead.Id))}\" = {AuditHead.SingletonId}"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        _lockedHead = await reader.ReadAsync(cancellationToken)
            ? db.AuditHeads.Attach(new AuditHead { Sequence = reader.GetInt64(0), Hash = reader.GetString(1) }).Entity
            : null;
        _headReadWithLock = true;
    }

    private static string Table(Microsoft.EntityFrameworkCore.Metadata.IEntityType entity) =>
        entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";

    private async Task AppendAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken)
    {
        AuditHead? head;
        if (_headReadWithLock)
        {
            head = _lockedHead;
        }
        else
        {
            // A context that appended before keeps the head it tracked then, and a query would hand back that stale copy;
            // other units of work may have moved the head on since. A context that never read it gets it fresh.
            var tracked = db.ChangeTracker.Entries<AuditHead>().FirstOrDefault()?.Entity;
            head = tracked ?? await db.AuditHeads.SingleOrDefaultAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);
            if (tracked is not null)
            {
                await db.Entry(tracked).ReloadAsync(cancellationToken);
            }
        }

        var sequence = head?.Sequence ?? 0;
        var previousHash = head?.Hash ?? AuditChain.Genesis;
        foreach (var auditEvent in auditEvents)
        {
            sequence++;
            previousHash = Append(auditEvent, sequence, previousHash);
        }

        if (head is null)
        {
            db.AuditHeads.Add(new AuditHead { Sequence = sequence, Hash = previousHash });
        }
        else
        {
            head.Sequence = sequence;
            head.Hash = previousHash;
        }
    }

    /// <returns>The new entry's hash, the next one's previous hash.</returns>
    private string Append(AuditEvent auditEvent, long sequence, string previousHash)
    {
        var occurredAt = AuditChain.Normalize(time.GetUtcNow().UtcDateTime);
        var details = JsonSerializer.Serialize(
            auditEvent.Details?.Where(d => d.Value is not null).OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary()
            ?? new Dictionary<string, string?>());
        var actor = auditEvent.Actor;
        var hash = AuditChain.ComputeHash(
            sequence, occurredAt, actor.Kind, actor.Id, actor.Name, auditEvent.TenantId, auditEvent.Action, auditEvent.Target, details, previousHash);

        db.AuditEntries.Add(new AuditEntry
        {
            Sequence = sequence,
            OccurredAt = occurredAt,
            ActorKind = actor.Kind,
            ActorId = actor.Id,
            ActorName = actor.Name,
            TenantId = auditEvent.TenantId,
            Action = auditEvent.Action,
            Target = auditEvent.Target,
            Details = details,
            PreviousHash = previousHash,
            Hash = hash,
        });
        return hash;
    }
}
