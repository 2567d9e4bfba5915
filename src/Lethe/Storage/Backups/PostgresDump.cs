using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Lethe.Storage.Backups;

/// <summary>
/// The <c>pg_dump</c> and <c>pg_restore</c> command lines for Lethe's PostgreSQL database. Lethe prints them rather
/// than running them: pg_dump must be of the server's major version or newer, belongs where the database's own backups
/// are run (with its .pgpass, schedule and retention), and is not in Lethe's container image.
/// </summary>
public static partial class PostgresDump
{
    /// <summary>A custom-format dump of the database to <paramref name="file"/>; never the password (PGPASSWORD or ~/.pgpass gives it).</summary>
    public static string DumpCommand(string connectionString, string file) =>
        string.Join(' ', ["pg_dump", "--format=custom", "--no-owner", Quote("--file=" + Path.GetFullPath(file)), .. Target(connectionString)]);

    /// <summary>Restores <paramref name="file"/> into the (new, empty) database the connection string names.</summary>
    public static string RestoreCommand(string connectionString, string file) =>
        string.Join(' ', ["pg_restore", "--no-owner", "--exit-on-error", .. Target(connectionString), Quote(Path.GetFullPath(file))]);

    private static IEnumerable<string> Target(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.Host is { Length: > 0 } host)
        {
            yield return Quote("--host=" + host);
        }

        yield return "--port=" + settings.Port.ToString(CultureInfo.InvariantCulture);
        if (settings.Username is { Length: > 0 } user)
        {
            yield return Quote("--username=" + user);
        }

        yield return Quote("--dbname=" + (settings.Database is { Length: > 0 } database ? database : settings.Username ?? "postgres"));
    }

    /// <summary>A word for a POSIX shell: as it is when it holds nothing the shell would read, else in single quotes.</summary>
    public static string Quote(string word) =>
        PlainWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_./:=@%+,-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainWord();
}
