using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lethe.Storage;

/// <summary>A database that cannot be reached or migrated; the message is one line a person can act on.</summary>
public sealed class DatabaseUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>Applies Lethe's migrations; EF Core takes a database lock so two servers starting together do not collide.</summary>
public static class DatabaseMigrator
{
    public static async Task<IReadOnlyList<string>> MigrateAsync(LetheDbContext db, StorageSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(settings.DataDirectory);
        }

        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            // Every CLI command and server start passes here: with nothing pending, the check above (one read of the
            // history table) is all, without the migration lock and the second read MigrateAsync would take. Servers
            // starting together on a new version both see pending migrations and meet at EF Core's lock.
            if (pending.Count > 0)
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                // Readers do not block the writer, which matters once the web server and the CLI share the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            return pending;
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseUnavailableException($"Cannot reach the PostgreSQL database given by --connection (LETHE_CONNECTION): {e.Message}", e);
        }
        catch (SqliteException e)
        {
            throw new DatabaseUnavailableException($"Cannot open the SQLite database in --data (LETHE_DATA) '{settings.DataDirectory}': {e.Message}", e);
        }
    }
}
