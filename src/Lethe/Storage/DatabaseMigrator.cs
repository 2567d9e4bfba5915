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
            var applied = await AppliedAsync(db, cancellationToken);
            var pending = db.Database.GetMigrations().Where(m => !applied.Contains(m)).ToList();
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

    /// <summary>
    /// The ids in the migrations history table, read by plain SQL. EF Core's own <c>GetAppliedMigrationsAsync</c> first
    /// builds a model of the history table by conventions, 0.1-0.2 s of every CLI command and server start.
    /// </summary>
    private static async Task<HashSet<string>> AppliedAsync(LetheDbContext db, CancellationToken cancellationToken)
    {
        const string table = "__EFMigrationsHistory";
        // Where EF Core's providers look for it, so both decide alike: Npgsql in the public schema, whatever the
        // search path.
        var exists = db.IsPostgres
            ? $"SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = '{table}'"
            : $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'";
        // Opened directly rather than through EF Core, whose execution strategy would wrap a refused connection in its
        // own exception instead of the driver's one-line message; EF Core opens it again, its own way, to migrate.
        // (So SQLite's busy wait is not set for these two reads; in WAL mode no writer blocks them.)
        var connection = db.Database.GetDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // No such database yet: every migration is pending, and EF Core's Migrate creates the database first.
            return [];
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = exists;
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }

            command.CommandText = $"SELECT \"MigrationId\" FROM \"{table}\"";
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }

            return applied;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
