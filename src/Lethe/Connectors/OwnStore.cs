using System.Data.Common;
using Lethe.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lethe.Connectors;

/// <summary>
/// Where Lethe keeps its own data: its database, its key file, its data directory. Every datastore connection is
/// compared with these when it opens, whatever reference led to it, so no data map can make Lethe read or change its
/// own records (another tenant's users, password hashes, keys) as if they were a company's data.
/// </summary>
public sealed class OwnStore(StorageSettings storage, string keyFile)
{
    /// <summary>The folder under the data directory that holds datastore files (<c>data:</c> references), one folder a tenant.</summary>
    public const string DatastoreFolder = "datastores";

    private readonly SemaphoreSlim _identityLock = new(1, 1);
    private (string System, string Database)? _postgres;

    public string DataDirectory => storage.DataDirectory;

    /// <summary>The folder a tenant's <c>data:</c> references resolve in.</summary>
    public string TenantFolder(string tenantSlug) => Path.Combine(storage.DataDirectory, DatastoreFolder, tenantSlug);

    /// <summary>
    /// Why a file may not be opened as a datastore, or null: Lethe's database, its key file, or any other file of Lethe's
    /// data directory outside the tenant's own folder (all tenants' folders, for an operator's file with no tenant).
    /// </summary>
    public string? Refuses(string path, string? tenantSlug = null)
    {
        if (Real(path) is not { } real)
        {
            return "its path cannot be resolved (a loop of symbolic links, or a directory Lethe may not read)";
        }

        if (storage.Provider == DatabaseProvider.Sqlite)
        {
            var own = RealPath.Of(new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource);
            if (real == own || Path.GetDirectoryName(real) == Path.GetDirectoryName(own) && Path.GetFileName(real).StartsWith(Path.GetFileName(own) + "-", StringComparison.Ordinal))
            {
                return "it is Lethe's own database";
            }
        }

        if (real == RealPath.Of(keyFile))
        {
            return "it is one of Lethe's key files";
        }

        var allowed = tenantSlug is null ? Path.Combine(storage.DataDirectory, DatastoreFolder) : TenantFolder(tenantSlug);
        if (RealPath.IsWithin(real, storage.DataDirectory) && !RealPath.IsWithin(real, allowed))
        {
            return tenantSlug is null ? "it is one of Lethe's own files" : "it is one of Lethe's own files, or another tenant's";
        }

        return null;
    }

    /// <summary>Why a directory may not serve a datastore's files: it holds Lethe's data directory, or lies in it outside the tenant's folder.</summary>
    public string? RefusesDirectory(string directory, string? tenantSlug)
    {
        if (Real(directory) is not { } real)
        {
            return "its path cannot be resolved";
        }

        if (RealPath.IsWithin(storage.DataDirectory, real) || RealPath.IsWithin(Path.GetDirectoryName(Path.GetFullPath(keyFile))!, real))
        {
            return "it holds Lethe's own data directory or keys";
        }

        return Refuses(Path.Combine(real, "x"), tenantSlug) is null ? null : "it lies in Lethe's data directory, outside the tenant's folder";
    }

    private static string? Real(string path)
    {
        try
        {
            return RealPath.Of(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Why an open connection may not be used as a datastore, or null: it reaches Lethe's own database.</summary>
    public async Task<string?> RefusesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        switch (connection)
        {
            case SqliteConnection sqlite:
                return RefusesSqlite(sqlite.ConnectionString);
            case NpgsqlConnection postgres when storage.Provider == DatabaseProvider.Postgres:
                var theirs = await IdentityAsync(postgres, cancellationToken);
                return theirs == await OwnPostgresAsync(cancellationToken) ? "it is Lethe's own database" : null;
            default:
                return null;
        }
    }

    /// <summary>Why a SQLite connection string may not be opened, checked before it opens (opening can create the file).</summary>
    public string? RefusesSqlite(string connectionString, string? tenantSlug = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource;
        if (file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return "SQLite URI file names are not accepted; give the path";
        }

        return string.IsNullOrEmpty(file) || file == ":memory:" ? null : Refuses(file, tenantSlug);
    }

    /// <summary>Opens <paramref name="connection"/> and refuses it when it reaches Lethe's own store.</summary>
    /// <exception cref="DatastoreProblem">The connection reaches Lethe's own database or files.</exception>
    public async Task GuardAsync(DbConnection connection, string datastore, CancellationToken cancellationToken)
    {
        if (await RefusesAsync(connection, cancellationToken) is { } reason)
        {
            throw new DatastoreProblem($"{datastore}: Lethe refuses this connection: {reason}");
        }
    }

    /// <summary>
    /// A PostgreSQL cluster's identity (<c>system_identifier</c>, the same whatever host name or address reaches it) and
    /// the database's name: two connection strings that differ in every character still meet here when they reach one database.
    /// </summary>
    private static async Task<(string, string)> IdentityAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT (SELECT system_identifier FROM pg_control_system())::text, current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetString(0), reader.GetString(1));
    }

    private async Task<(string, string)> OwnPostgresAsync(CancellationToken cancellationToken)
    {
        if (_postgres is { } known)
        {
            return known;
        }

        await _identityLock.WaitAsync(cancellationToken);
        try
        {
            if (_postgres is null)
            {
                await using var own = new NpgsqlConnection(storage.ConnectionString);
                await own.OpenAsync(cancellationToken);
                _postgres = await IdentityAsync(own, cancellationToken);
            }

            return _postgres.Value;
        }
        finally
        {
            _identityLock.Release();
        }
    }
}
