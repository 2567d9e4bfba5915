using System.Data.Common;
using System.Text.Json;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lethe.Audit;

/// <summary>
/// Appends to the hash-chained audit log. <see cref="SaveChangesAsync(AuditEvent, CancellationToken)"/> stores the caller's pending changes and the
/// entry that records them in one transaction, so a change is never without its entry, nor an entry without its change.
/// </summary>
/// <remarks>
/// On PostgreSQL the head is read with the lock and the entries are written with the head in one round trip each,
/// outside the change tracker (<see cref="AuditStatements"/>); on SQLite, one process behind a gate, through it.
/// </remarks>
public sealed class AuditLog(LetheDbContext db, TimeProvider time)
{
    // SQLite's own write lock serializes processes (transactions begin IMMEDIATE); this keeps one process's
    // connections from queueing on that lock and timing out.
    private static readonly SemaphoreSlim SqliteAppendGate = new(1, 1);

    // Numbers the savepoints of units of work in their callers' transactions.
    private static long s_savepoints;

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
    public Task SaveChangesAsync(Func<CancellationToken, Task<IReadOnlyList<AuditEvent>>> change, CancellationToken cancellationToken) =>
        SaveChangesAsync(change, sentWith: null, cancellationToken);

    /// <summary>
    /// As <see cref="SaveChangesAsync(Func{CancellationToken, Task{IReadOnlyList{AuditEvent}}}, CancellationToken)"/>, sending
    /// <paramref name="sentWith"/>'s statements in the log's own round trips (PostgreSQL only).
    /// </summary>
    public async Task SaveChangesAsync(
        Func<CancellationToken, Task<IReadOnlyList<AuditEvent>>> change, AuditRoundTrips? sentWith, CancellationToken cancellationToken)
    {
        var sqlite = !db.IsPostgres;
        if (sqlite && sentWith is not null)
        {
            throw new InvalidOperationException("Statements sent with the audit log's round trips are PostgreSQL's; SQLite has no such batches.");
        }

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
                await InUnitAsync(ownTransaction is null, ct => sqlite ? SaveSqliteAsync(change, ct) : SavePostgresAsync(change, sentWith, ct), cancellationToken);
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
    /// Runs a unit of work; in a transaction the caller began, inside a savepoint of its own. A failure then takes back
    /// everything the unit wrote — its change, statements it ran by hand, its entries — as a rollback of the transaction
    /// would: a caller that carried on and committed would otherwise keep an entry for a change that never happened, or
    /// a change without its entry.
    /// </summary>
    private async Task InUnitAsync(bool inCallersTransaction, Func<CancellationToken, Task> unit, CancellationToken cancellationToken)
    {
        if (!inCallersTransaction)
        {
            await unit(cancellationToken);
            return;
        }

        var transaction = db.Database.CurrentTransaction!;
        // A name of its own, released when the unit succeeds: a rollback can only ever return to this unit's start, and a
        // long transaction of the caller's does not pile up subtransactions.
        var savepoint = $"lethe_audit_{Interlocked.Increment(ref s_savepoints)}";
        await transaction.CreateSavepointAsync(savepoint, cancellationToken);
        try
        {
            await unit(cancellationToken);
        }
        catch
        {
            try
            {
                await transaction.RollbackToSavepointAsync(savepoint, CancellationToken.None);
            }
            catch (Exception rollingBack) when (rollingBack is DbException or InvalidOperationException)
            {
                // The savepoint was never made (the transaction had failed before this unit) or the connection went with
                // the failure: either way nothing of this unit can be committed, and its own error is the one to report.
            }

            throw;
        }

        await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
    }

    /// <summary>SQLite: the entries and the head through the change tracker, saved with the caller's changes.</summary>
    private async Task SaveSqliteAsync(Func<CancellationToken, Task<IReadOnlyList<AuditEvent>>> change, CancellationToken cancellationToken)
    {
        var auditEvents = await change(cancellationToken);
        if (auditEvents.Count > 0)
        {
            await AppendTrackedAsync(auditEvents, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>PostgreSQL: the lock with the head, the change, the entries with the head, then the caller's own changes.</summary>
    private async Task SavePostgresAsync(
        Func<CancellationToken, Task<IReadOnlyList<AuditEvent>>> change, AuditRoundTrips? sentWith, CancellationToken cancellationToken)
    {
        // Concurrent writers on other servers wait here, so each reads the head the previous one wrote.
        var head = await LockAsync(sentWith?.WithLock, cancellationToken);
        var auditEvents = await change(cancellationToken);
        if (db.ChangeTracker.Entries<AuditHead>().Any(e => e.State is not (EntityState.Unchanged or EntityState.Detached)))
        {
            // It would be saved after the entries and move the head back: the head is the log's to write.
            throw new InvalidOperationException("The audit head is written by the audit log alone; this unit of work has changed it.");
        }

        await WriteAsync(auditEvents, head, sentWith?.WithEntries, cancellationToken);
        // The caller's own changes (none for a unit of work that wrote by hand, and then no round trip). The unit is all
        // or none already — in its transaction or its savepoint — so EF Core's own savepoint would only cost round trips.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>
    /// PostgreSQL: takes the audit lock and reads the head with it, and runs <paramref name="withLock"/>, in one round
    /// trip (every consent batch, every request step pays for this one).
    /// </summary>
    /// <returns>The head as the previous writer left it; null before the first entry.</returns>
    private async Task<(long Sequence, string Hash)?> LockAsync(IReadOnlyList<NpgsqlBatchCommand>? withLock, CancellationToken cancellationToken)
    {
        // Separate statements, not one: under READ COMMITTED each statement sees the database as of its own start, so the
        // head is read only once the lock is granted, and shows what the writer before committed.
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
        {
            BatchCommands = { AuditStatements.Lock(), AuditStatements.Of(db.Model).ReadHead() },
        };
        foreach (var command in withLock ?? [])
        {
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        (long, string)? head = await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
        // The caller's statements: an error in one is thrown here, before the change runs.
        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        return head;
    }

    /// <summary>PostgreSQL: the entries and the head, after <paramref name="withEntries"/>, in one round trip.</summary>
    private async Task WriteAsync(
        IReadOnlyList<AuditEvent> auditEvents, (long Sequence, string Hash)? head, IReadOnlyList<NpgsqlBatchCommand>? withEntries, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
        foreach (var command in withEntries ?? [])
        {
            batch.BatchCommands.Add(command);
        }

        if (auditEvents.Count > 0)
        {
            var statements = AuditStatements.Of(db.Model);
            var entries = Chain(auditEvents, head?.Sequence ?? 0, head?.Hash ?? AuditChain.Genesis);
            foreach (var entry in entries)
            {
                batch.BatchCommands.Add(statements.Insert(entry));
            }

            batch.BatchCommands.Add(statements.SetHead(entries[^1].Sequence, entries[^1].Hash));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>SQLite: the entries and the head through the change tracker, saved with the caller's changes.</summary>
    private async Task AppendTrackedAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken)
    {
        // A context that appended before keeps the head it tracked then, and a query would hand back that stale copy;
        // other units of work may have moved the head on since. A context that never read it gets it fresh.
        var head = db.ChangeTracker.Entries<AuditHead>().FirstOrDefault()?.Entity;
        if (head is not null)
        {
            await db.Entry(head).ReloadAsync(cancellationToken);
        }
        else
        {
            head = await db.AuditHeads.SingleOrDefaultAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);
        }

        var entries = Chain(auditEvents, head?.Sequence ?? 0, head?.Hash ?? AuditChain.Genesis);
        db.AuditEntries.AddRange(entries);
        var last = entries[^1];
        if (head is null)
        {
            db.AuditHeads.Add(new AuditHead { Sequence = last.Sequence, Hash = last.Hash });
        }
        else
        {
            head.Sequence = last.Sequence;
            head.Hash = last.Hash;
        }
    }

    /// <summary>The entries for <paramref name="auditEvents"/> in order, the first following the head given.</summary>
    private List<AuditEntry> Chain(IReadOnlyList<AuditEvent> auditEvents, long sequence, string previousHash)
    {
        var entries = new List<AuditEntry>(auditEvents.Count);
        foreach (var auditEvent in auditEvents)
        {
            var entry = Entry(auditEvent, ++sequence, previousHash);
            entries.Add(entry);
            previousHash = entry.Hash;
        }

        return entries;
    }

    /// <summary>The entry for <paramref name="auditEvent"/> at <paramref name="sequence"/>, chained to <paramref name="previousHash"/>.</summary>
    private AuditEntry Entry(AuditEvent auditEvent, long sequence, string previousHash)
    {
        var occurredAt = AuditChain.Normalize(time.GetUtcNow().UtcDateTime);
        var details = JsonSerializer.Serialize(
            auditEvent.Details?.Where(d => d.Value is not null).OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary()
            ?? new Dictionary<string, string?>());
        var actor = auditEvent.Actor;
        return new AuditEntry
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
            Hash = AuditChain.ComputeHash(
                sequence, occurredAt, actor.Kind, actor.Id, actor.Name, auditEvent.TenantId, auditEvent.Action, auditEvent.Target, details, previousHash),
        };
    }
}
