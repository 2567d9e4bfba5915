using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Storage;

/// <summary>
/// Tells a database that cannot be reached or opened right now from a failure of the statement itself: the first is
/// worth a "try again shortly" (HTTP 503), the second is a bug or bad data. Looks through the wrappers EF Core and
/// Npgsql put around the cause.
/// </summary>
public static class DatabaseOutage
{
    // SQLITE_BUSY, SQLITE_LOCKED: another writer holds the file past the busy timeout. SQLITE_CANTOPEN: the file or
    // its directory is gone or unreadable (a volume unmounted).
    private static readonly int[] SqliteUnavailable = [5, 6, 14];

    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DatabaseUnavailableException:
                // FATAL ends the session: the server is shutting down or restarting, the database is gone, renamed or
                // refuses connections, too many clients, the password no longer works. An ERROR is the statement's own.
                case PostgresException { InvariantSeverity: "FATAL" or "PANIC" }:
                    return true;
                case PostgresException:
                    return false;
                // Not a server answer: the connection failed, broke (socket, stream, timeout) or the pool ran dry.
                case NpgsqlException { IsTransient: true }:
                    return true;
                case SqliteException sqlite:
                    return SqliteUnavailable.Contains(sqlite.SqliteErrorCode);
                case DbException:
                    return false;
            }
        }

        return false;
    }
}
