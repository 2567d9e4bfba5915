using System.Net.Sockets;
using Lethe.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lethe.Tests.Storage;

/// <summary>Which failures mean "the database is not there right now" (503, try again) rather than "this went wrong" (500).</summary>
public sealed class DatabaseOutageTests
{
    public static TheoryData<string, Exception, bool> Failures => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)), true },
        { "connection broke mid-read", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), true },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()), true },
        { "server shutting down", Postgres("FATAL", "57P01"), true },
        { "database refuses connections", Postgres("FATAL", "55000"), true },
        { "database dropped or renamed", Postgres("FATAL", "3D000"), true },
        { "too many clients", Postgres("FATAL", "53300"), true },
        { "wrapped by EF Core's execution strategy", new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", Postgres("FATAL", "57P01")), true },
        { "wrapped by SaveChanges", new DbUpdateException("An error occurred while saving", new NpgsqlException("Exception while writing to stream", new IOException())), true },
        { "unique key violated", Postgres("ERROR", "23505"), false },
        { "deadlock", Postgres("ERROR", "40P01"), false },
        { "a violation wrapped by SaveChanges", new DbUpdateException("An error occurred while saving", Postgres("ERROR", "23505")), false },
        { "sqlite busy", new SqliteException("database is locked", 5), true },
        { "sqlite cannot open", new SqliteException("unable to open database file", 14), true },
        { "sqlite constraint", new SqliteException("UNIQUE constraint failed", 19), false },
        { "sqlite constraint wrapped", new DbUpdateException("An error occurred while saving", new SqliteException("FOREIGN KEY constraint failed", 19)), false },
        { "migration could not reach the database", new DatabaseUnavailableException("Cannot reach", new Exception()), true },
        { "a bug", new InvalidOperationException("Sequence contains no elements"), false },
        { "a cancelled request", new OperationCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_is_an_outage_only_when_the_database_cannot_be_reached_or_opened(string what, Exception failure, bool outage) =>
        DatabaseOutage.Is(failure).ShouldBe(outage, what);

    private static PostgresException Postgres(string severity, string sqlState) => new("message", severity, severity, sqlState);
}
