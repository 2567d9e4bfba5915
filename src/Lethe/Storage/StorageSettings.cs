using Lethe.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Storage;

/// <summary>A wrong storage setting; <see cref="Failure.Detail"/> is one line that names the setting.</summary>
public sealed record SettingProblem(string Setting, string Message) : Failure($"The setting {Setting} is not valid.", Message);

/// <summary>The resolved database settings, from command-line options or the LETHE_* environment variables.</summary>
public sealed record StorageSettings(DatabaseProvider Provider, string ConnectionString, string DataDirectory)
{
    public const string DefaultDataDirectory = "data";
    public const string SqliteFileName = "lethe.db";

    /// <summary>Checks and combines the raw settings. A connection string is never echoed back: it may hold a password.</summary>
    public static Outcome<StorageSettings> Resolve(string? database, string? connection, string? dataDirectory)
    {
        var dataDir = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDirectory) ? DefaultDataDirectory : dataDirectory);
        switch (database?.Trim().ToLowerInvariant())
        {
            case null or "" or "sqlite":
                if (!string.IsNullOrWhiteSpace(connection))
                {
                    return new SettingProblem("--connection (LETHE_CONNECTION)",
                        "--connection (LETHE_CONNECTION) is only used with --database postgres; SQLite keeps its file in --data (LETHE_DATA).");
                }

                var file = Path.Combine(dataDir, SqliteFileName);
                var sqlite = new SqliteConnectionStringBuilder { DataSource = file, ForeignKeys = true, DefaultTimeout = 30 };
                return new StorageSettings(DatabaseProvider.Sqlite, sqlite.ConnectionString, dataDir);

            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(connection))
                {
                    return new SettingProblem("--connection (LETHE_CONNECTION)",
                        "--database postgres needs --connection (or LETHE_CONNECTION), e.g. \"Host=db;Database=lethe;Username=lethe;Password=…\".");
                }

                try
                {
                    _ = new NpgsqlConnectionStringBuilder(connection);
                }
                catch (ArgumentException e)
                {
                    return new SettingProblem("--connection (LETHE_CONNECTION)",
                        $"--connection (LETHE_CONNECTION) is not a valid PostgreSQL connection string: {e.Message}");
                }

                return new StorageSettings(DatabaseProvider.Postgres, connection, dataDir);

            default:
                return new SettingProblem("--database (LETHE_DATABASE)",
                    $"--database (LETHE_DATABASE) must be 'sqlite' or 'postgres', not '{database}'.");
        }
    }
}
