using System.Data.Common;
using System.Runtime.CompilerServices;
using Lethe.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lethe.Work;

/// <summary>
/// Starts background work the moment it becomes due instead of at the next timed round. Before a save it asks
/// <see cref="WorkDue"/> whether the changes make work due; once they are committed — never before: the worker must find
/// the rows, and a save that failed or was rolled back made nothing due — it pulses <see cref="WorkSignal"/>, and on
/// PostgreSQL it tells the other servers with <c>NOTIFY lethe_work</c>.
/// </summary>
/// <remarks>
/// Most of Lethe's saves run in a transaction of their own (the audit entry's) or EF Core's: the notification is sent
/// inside it, just before the commit, since PostgreSQL delivers a notification only when its transaction commits — never
/// for one rolled back, and without a window after the commit in which a crash would lose it. A save without a
/// transaction (a single statement) is followed by a notification of its own. In every case the pulse in this process
/// comes after the commit.
/// </remarks>
public sealed class WorkDueInterceptor(WorkSignal signal, TimeProvider time, IOptions<WorkerOptions> options, ILogger<WorkDueInterceptor> logger)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private const string NotifySql = "SELECT pg_notify(@channel, @origin)";

    private static readonly object Due = new();

    // A save in progress whose changes make work due. EF Core's own transaction for it commits before SavedChanges.
    private readonly ConditionalWeakTable<DbContext, object> saving = [];

    // Transactions the caller began, in which a save made work due: told on commit, forgotten on rollback.
    private readonly ConditionalWeakTable<DbTransaction, object> transactions = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Saved(eventData.Context) is { } alone)
        {
            NotifyAfterAsync(alone, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Saved(eventData.Context) is { } alone)
        {
            await NotifyAfterAsync(alone, sync: false, cancellationToken);
        }

        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    // Npgsql hands out the same transaction object again for the next transaction on a connection: one left without a
    // commit or rollback must not pass its mark on.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        transactions.Remove(result);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        transactions.Remove(result);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (Pending(transaction, eventData.Context) && Across(transaction) is { } npgsql)
        {
            using var notify = Notification(npgsql);
            notify.ExecuteNonQuery();
        }

        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Pending(transaction, eventData.Context) && Across(transaction) is { } npgsql)
        {
            await using var notify = Notification(npgsql);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction, eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction, eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => transactions.Remove(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        transactions.Remove(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => transactions.Remove(transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        transactions.Remove(transaction);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        if (options.Value.Wake != WorkWake.Timer && WorkDue.In(context.ChangeTracker, time.GetUtcNow().UtcDateTime))
        {
            saving.AddOrUpdate(context, Due);
        }
        else
        {
            saving.Remove(context);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            saving.Remove(context);
        }
    }

    /// <returns>The context when its save made work due with no transaction at all: it still has to be told.</returns>
    private DbContext? Saved(DbContext? context)
    {
        if (context is null || !saving.TryGetValue(context, out _))
        {
            // Nothing due, or EF Core's own transaction committed and told it already.
            return null;
        }

        saving.Remove(context);
        if (context.Database.CurrentTransaction is { } open)
        {
            // The caller's transaction: nothing is visible to the worker until it commits.
            transactions.AddOrUpdate(open.GetDbTransaction(), Due);
            return null;
        }

        return context;
    }

    private bool Pending(DbTransaction transaction, DbContext? context) =>
        transactions.TryGetValue(transaction, out _) || (context is not null && saving.TryGetValue(context, out _));

    private void Committed(DbTransaction transaction, DbContext? context)
    {
        if (!Pending(transaction, context))
        {
            return;
        }

        transactions.Remove(transaction);
        if (context is not null)
        {
            saving.Remove(context);
        }

        signal.Pulse();
    }

    /// <summary>The transaction's connection when the other servers are to be told through it.</summary>
    private NpgsqlTransaction? Across(DbTransaction transaction) =>
        options.Value.Wake == WorkWake.Notify && transaction is NpgsqlTransaction { Connection: not null } npgsql ? npgsql : null;

    private NpgsqlCommand Notification(NpgsqlTransaction transaction) =>
        new(NotifySql, transaction.Connection, transaction)
        {
            Parameters = { new NpgsqlParameter("channel", WorkSignal.Channel), new NpgsqlParameter("origin", signal.Origin) },
        };

    /// <summary>A save that needed no transaction: committed already, so the pulse goes first and the notification after.</summary>
    private async Task NotifyAfterAsync(DbContext context, bool sync, CancellationToken cancellationToken)
    {
        signal.Pulse();
        if (options.Value.Wake != WorkWake.Notify || context.Database.GetDbConnection() is not NpgsqlConnection)
        {
            return;
        }

        try
        {
            FormattableString notify = $"SELECT pg_notify({WorkSignal.Channel}, {signal.Origin})";
            if (sync)
            {
                context.Database.ExecuteSql(notify);
            }
            else
            {
                await context.Database.ExecuteSqlAsync(notify, cancellationToken);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The change is saved; only the other servers' early start is lost. They find the work at their timed round.
            logger.LogWarning(e, "Other servers could not be told that work became due; they find it at their next timed round.");
        }
    }
}
