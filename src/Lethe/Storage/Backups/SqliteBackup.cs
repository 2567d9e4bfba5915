using System.Globalization;
using Lethe.Common;
using Microsoft.Data.Sqlite;

namespace Lethe.Storage.Backups;

/// <summary>A backup written: where, its size, and the audit head it holds (to check a restore against).</summary>
public sealed record BackupWritten(string Path, long Bytes, long? AuditSequence, string? AuditHash);

/// <summary>
/// Copies the embedded SQLite database with SQLite's online backup API: a consistent copy while servers keep reading
/// and writing, which copying the file (and its WAL beside it) is not.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Writes a copy of Lethe's database to <paramref name="destination"/>, which must not exist yet.</summary>
    public static async Task<Outcome<BackupWritten>> WriteAsync(StorageSettings storage, string destination, CancellationToken cancellationToken)
    {
        if (storage.Provider != DatabaseProvider.Sqlite)
        {
            throw new ArgumentException("Only the embedded SQLite database is copied by Lethe; PostgreSQL has pg_dump.", nameof(storage));
        }

        var target = System.IO.Path.GetFullPath(destination);
        if (File.Exists(target) || Directory.Exists(target))
        {
            // A backup is often the one good copy left: never replace one, not even with a newer one.
            return new Conflict($"'{target}' exists already; a backup never overwrites a file. Name a new file.");
        }

        var folder = System.IO.Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            return InvalidInput.For("out", $"The folder '{folder}' does not exist; create it first.");
        }

        var source = System.IO.Path.Combine(storage.DataDirectory, StorageSettings.SqliteFileName);
        if (!File.Exists(source))
        {
            return new SettingProblem("--data (LETHE_DATA)",
                $"There is no Lethe database in --data (LETHE_DATA) '{storage.DataDirectory}' to back up.");
        }

        // Written beside the target under another name and renamed at the end, so the named file is either a whole,
        // checked backup or absent: an interrupted run never leaves half a database that looks like a backup.
        var partial = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            CreatePrivateFile(partial);
            var head = await CopyAsync(storage, partial, cancellationToken);
            try
            {
                // Unlike File.Move with overwrite, this fails when another process made the file meanwhile.
                File.Move(partial, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                return new Conflict($"'{target}' appeared while the backup was written; it is left as it was. Name a new file.");
            }

            return new BackupWritten(target, new FileInfo(target).Length, head?.Sequence, head?.Hash);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>The backup holds everything Lethe stores, so only Lethe's own user may read it (as the database itself).</summary>
    private static void CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var _ = new FileStream(path, options);
    }

    private static async Task<(long Sequence, string Hash)?> CopyAsync(StorageSettings storage, string partial, CancellationToken cancellationToken)
    {
        // No pooling on either side: the file handles must be closed before the copy is renamed, and the pool would keep them.
        var sourceSettings = new SqliteConnectionStringBuilder(storage.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        await using var source = new SqliteConnection(sourceSettings.ConnectionString);
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ConnectionString);
        await source.OpenAsync(cancellationToken);
        await copy.OpenAsync(cancellationToken);
        // The backup API has no asynchronous form; it copies every page in one step under a read transaction, so
        // writers go on (WAL) and the copy is the database as of one moment.
        source.BackupDatabase(copy);

        // One self-contained file: the copy carries the source's WAL mode, which would otherwise grow -wal and -shm
        // files beside it when it is opened. Lethe turns WAL on again when it migrates the restored file.
        await ScalarAsync(copy, "PRAGMA journal_mode=DELETE;", cancellationToken);
        var check = await ScalarAsync(copy, "PRAGMA quick_check;", cancellationToken);
        if (!string.Equals(check as string, "ok", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The backup copy failed SQLite's integrity check: {check}");
        }

        if (Convert.ToInt64(await ScalarAsync(copy, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_head'", cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            return null; // a database that was never migrated: nothing audited yet
        }

        await using var head = copy.CreateCommand();
        head.CommandText = "SELECT \"Sequence\", \"Hash\" FROM audit_head";
        await using var reader = await head.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
