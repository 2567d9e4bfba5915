using System.Globalization;
using System.Text;
using Lethe.Audit;
using Lethe.Consent;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lethe.Tests.Consent;

/// <summary>
/// The consent log's own binary COPY rows, read back by PostgreSQL itself: every type in every shape the log writes,
/// and a batch that fails part-way leaves nothing behind and the connection usable.
/// </summary>
public sealed class CopyRowsTests
{
    private static readonly DateTime At = new DateTime(2026, 12, 5, 14, 3, 7, DateTimeKind.Utc).AddTicks(1_234_567);

    [Fact]
    public async Task PostgreSQL_reads_back_every_value_as_written()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);
        await using var connection = new NpgsqlConnection(db.Settings.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE rows_back (u uuid, t text, i int4, b bool, ts timestamptz, r text)");
        // Values the log writes and values at the edges: nothing, non-ASCII, a surrogate pair, negative and extreme numbers,
        // a time before PostgreSQL's epoch, and enough rows that the buffer grows from far too small.
        var expected = Enumerable.Range(0, 300).Select(i => (
            Id: Guid.NewGuid(),
            Text: (i % 5) switch { 0 => null, 1 => "", 2 => "Ærø, Øster Søgade — 😀", _ => $"browser:{i:x64}" },
            Int: (i % 4) switch { 0 => (int?)null, 1 => int.MinValue, 2 => int.MaxValue, _ => -i },
            Bool: i % 2 == 0,
            At: i % 7 == 0 ? new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc) : At.AddSeconds(i),
            Raw: $$"""{"n":{{i}},"text":"æøå"}""")).ToList();

        using (var rows = new CopyRows(16))
        {
            foreach (var row in expected)
            {
                rows.StartRow(6);
                rows.Uuid(row.Id);
                rows.Text(row.Text);
                rows.Int(row.Int);
                rows.Bool(row.Bool);
                rows.TimestampTz(row.At);
                rows.Text(Encoding.UTF8.GetBytes(row.Raw));
            }

            await using var copy = await connection.BeginRawBinaryCopyAsync("COPY rows_back FROM STDIN (FORMAT BINARY)");
            await copy.WriteAsync(CopyRows.Header);
            await copy.WriteAsync(rows.Written);
            await copy.WriteAsync(CopyRows.Trailer);
        }

        await using var read = new NpgsqlCommand("SELECT u, t, i, b, ts, r FROM rows_back", connection);
        await using var reader = await read.ExecuteReaderAsync();
        var actual = new Dictionary<Guid, (string? Text, int? Int, bool Bool, DateTime At, string Raw)>();
        while (await reader.ReadAsync())
        {
            actual[reader.GetGuid(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.GetBoolean(3), reader.GetDateTime(4), reader.GetString(5));
        }

        actual.Count.ShouldBe(expected.Count);
        foreach (var row in expected)
        {
            var back = actual[row.Id];
            back.Text.ShouldBe(row.Text);
            back.Int.ShouldBe(row.Int);
            back.Bool.ShouldBe(row.Bool);
            // PostgreSQL keeps microseconds: the tenth of a microsecond is dropped, as Npgsql drops it.
            back.At.ShouldBe(new DateTime(row.At.Ticks - row.At.Ticks % 10, DateTimeKind.Utc), row.At.ToString("O", CultureInfo.InvariantCulture));
            back.Raw.ShouldBe(row.Raw);
        }
    }

    [Fact]
    public void A_time_that_is_not_UTC_is_refused_rather_than_stored_shifted()
    {
        using var rows = new CopyRows(64);

        Should.Throw<ArgumentException>(() => rows.TimestampTz(new DateTime(2026, 12, 5, 15, 0, 0, DateTimeKind.Local)));
        Should.Throw<ArgumentException>(() => rows.TimestampTz(new DateTime(2026, 12, 5, 15, 0, 0, DateTimeKind.Unspecified)));
    }

    [Theory]
    [InlineData(50, 0)] // one chunk, built on the connection's own thread
    [InlineData(250, 116)] // the third chunk of a streamed batch (16, then 100 at a time), after two were sent
    public async Task A_batch_whose_builder_fails_stores_nothing_and_says_why(int size, int failingFrom)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var tenant = await db.CreateTenantAsync();
        var events = new ConsentEvent[size];
        var sent = 0;

        var failed = await Should.ThrowAsync<InvalidOperationException>(() => WriteAsync(db, events, (from, to, rows) =>
        {
            if (from == failingFrom)
            {
                throw new InvalidOperationException($"the rows from {from} could not be built");
            }

            Build(tenant.Id, events, from, to, rows);
            sent = to;
        }));

        // The builder's own error, not the stream's cancellation or a half-finished COPY's complaint.
        failed.Message.ShouldBe($"the rows from {failingFrom} could not be built");
        sent.ShouldBe(failingFrom);
        (await CountAsync(db)).ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_that_PostgreSQL_refuses_at_the_end_stores_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var tenant = await db.CreateTenantAsync();
        var events = new ConsentEvent[250];

        // The last chunk repeats the first event's id: PostgreSQL refuses the batch when the COPY ends.
        var refused = await Should.ThrowAsync<PostgresException>(() => WriteAsync(db, events, (from, to, rows) =>
            Build(tenant.Id, events, from, to, rows, id: from >= 200 ? events[0].Id : null)));

        refused.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
        (await CountAsync(db)).ShouldBe(0);
    }

    private static async Task WriteAsync(TestDatabase db, ConsentEvent[] events, Action<int, int, CopyRows> build)
    {
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        // As the consent log writes: under the audit lock, in the audit log's transaction and round trips.
        var sentWith = ConsentRows.RoundTrips();
        try
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(async ct =>
            {
                await ConsentRows.WriteAsync(context, events, build, sentWith, ct);
                return [];
            }, sentWith, default);
        }
        catch
        {
            // The connection the failed COPY ran on is still good for the next statement.
            (await context.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").SingleAsync()).ShouldBe(1);
            throw;
        }
    }

    private static void Build(Guid tenantId, ConsentEvent[] events, int from, int to, CopyRows rows, Guid? id = null)
    {
        for (var i = from; i < to; i++)
        {
            var e = events[i] = new ConsentEvent
            {
                Id = id ?? Guid.NewGuid(), TenantId = tenantId, Subject = $"browser:{i:x64}", Action = ConsentAction.Given,
                PurposesJson = """["statistics"]""", Channel = "banner", OccurredAt = At, Position = i,
            };
            ConsentRows.Append(rows, e, "{}"u8);
        }
    }

    private static async Task<int> CountAsync(TestDatabase db)
    {
        await using var scope = db.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ConsentEvents.IgnoreQueryFilters().CountAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
