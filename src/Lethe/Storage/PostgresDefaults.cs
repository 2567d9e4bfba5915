using System.Data.Common;
using Npgsql;

namespace Lethe.Storage;

/// <summary>What Lethe adds to the operator's PostgreSQL connection string for its own database, unless it is set there.</summary>
public static class PostgresDefaults
{
    /// <summary>
    /// Statements prepared per pooled connection after a few uses. Lethe sends the same few dozen statements all day;
    /// prepared, they skip PostgreSQL's parsing and planning (the consent state read: database CPU per request 385 → 210 µs).
    /// </summary>
    public const int MaxAutoPrepare = 64;

    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var set = KeywordsSetIn(connectionString);
        if (!set.Contains(nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare)))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        // A connection going back to the pool is otherwise reset by seven statements (RESET ALL, CLOSE ALL, UNLISTEN *,
        // pg_advisory_unlock_all(), DISCARD SEQUENCES, DISCARD TEMP, …) that PostgreSQL runs before the next query, on
        // every request. Lethe leaves no session state on its pooled connections: its advisory lock is the transaction's
        // (AuditLog), its LISTEN has an unpooled connection of its own (WorkListener), and it sets no session variables.
        // PostgresDefaultsTests check the connection after an audit append (locks, settings, role, listeners, temporary
        // tables, cursors, prepared statements); a new session-level statement anywhere else must be checked the same way.
        if (!set.Contains(nameof(NpgsqlConnectionStringBuilder.NoResetOnClose)))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    // Npgsql's builder answers every keyword it knows as present; the operator's own string says what was set.
    // Keywords are matched as Npgsql matches them: case and spaces ignored ("Max Auto Prepare" is MaxAutoPrepare).
    private static HashSet<string> KeywordsSetIn(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
