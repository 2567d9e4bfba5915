using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lethe.Storage;

/// <summary>
/// Lets SQLite itself wait for the write lock another connection holds, on every connection to Lethe's database.
/// </summary>
/// <remarks>
/// Without a busy timeout on the connection, SQLite answers "busy" at once and Microsoft.Data.Sqlite tries again after
/// sleeping 150 ms, however short the other writer's hold. Several writers in one process do not all share the audit
/// log's gate (a worker leasing a step, a webhook event or a package claims it with a single UPDATE), so they met now
/// and then, and each meeting cost a whole 150 ms: measured by the approve benchmark, an answer package took 200 ms at
/// the median instead of about 50 ms. SQLite's own handler retries after 1, 2, 5, 10… ms. It waits as long as the
/// connection's default command timeout, the time Microsoft.Data.Sqlite would have given it, so what fails after 30 s
/// still fails after 30 s.
/// </remarks>
public sealed class SqliteBusyWait : DbConnectionInterceptor
{
    public static readonly SqliteBusyWait Instance = new();

    private SqliteBusyWait()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    private static void Set(DbConnection connection)
    {
        // A pooled connection keeps the setting from its last use; setting it again costs no statement, only a call.
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
        {
            var waited = SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)Math.Min(int.MaxValue, sqlite.DefaultTimeout * 1000L));
            if (waited != SQLitePCL.raw.SQLITE_OK)
            {
                throw new SqliteException("SQLite refused the busy timeout.", waited);
            }
        }
    }
}
