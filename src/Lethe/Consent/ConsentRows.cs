using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Lethe.Consent;

/// <summary>
/// PostgreSQL: a batch's events streamed with <c>COPY … FROM STDIN (FORMAT BINARY)</c> in the caller's transaction, the
/// way into a table that costs PostgreSQL least. Through the change tracker a batch of a thousand events is a thousand
/// tracked rows sent as many statements, at a fraction of what the database can take; an INSERT of arrays came closer,
/// but still below what COPY of the same rows reaches (docs/benchmarks.md).
/// </summary>
internal static class ConsentRows
{
    /// <summary>Events built per step while PostgreSQL takes the step before.</summary>
    private const int Chunk = 100;

    private const string CopyEvents =
        """
        COPY consent_events ("Id", "TenantId", "Subject", "Action", "PurposesJson", "Channel", "NoticeVersion", "TextsHash", "GlobalPrivacyControl", "OccurredAt", "Position", "ReceiptJson")
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Fills <paramref name="events"/> with <paramref name="build"/> (a range of positions at a time) and streams each
    /// range as soon as it is built: the keyed hashes and receipts of the next range are made on the other core while
    /// PostgreSQL writes the rows and index entries of this one, so a batch costs about what its COPY alone costs.
    /// </summary>
    /// <param name="events">Of one tenant: empty slots that <paramref name="build"/> fills.</param>
    /// <param name="build">Builds the events from the first position up to (not including) the second.</param>
    public static async Task WriteAsync(LetheDbContext db, ConsentEvent[] events, Action<int, int> build, CancellationToken ct)
    {
        // The audit log's transaction is open on this connection: the COPY is part of it, all or none.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // The log's insert trigger would tell every server to forget every subject; this batch names its own instead.
        await using (var notifying = new NpgsqlCommand("SELECT set_config('lethe.consent_notified', 'on', true)", connection))
        {
            await notifying.ExecuteNonQueryAsync(ct);
        }

        await CopyAsync(connection, events, build, ct);
        // The mark ends with the COPY: anything else this transaction might insert is announced by the trigger again.
        await using var notify = new NpgsqlCommand(
            $"SELECT set_config('lethe.consent_notified', '', true), count(pg_notify('{ConsentChanges.Channel}', p)) FROM unnest(@payloads) AS p", connection);
        notify.Parameters.AddWithValue("payloads", ConsentChanges.Payloads(events[0].TenantId, events.Select(e => e.Subject)).ToArray());
        await notify.ExecuteNonQueryAsync(ct);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, ConsentEvent[] events, Action<int, int> build, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(CopyEvents, ct);
        var next = Task.Run(() => build(0, Math.Min(Chunk, events.Length)), ct);
        try
        {
            for (var from = 0; from < events.Length; from += Chunk)
            {
                await next;
                var to = Math.Min(from + Chunk, events.Length);
                var after = to;
                next = after < events.Length ? Task.Run(() => build(after, Math.Min(after + Chunk, events.Length)), ct) : Task.CompletedTask;
                for (var i = from; i < to; i++)
                {
                    var e = events[i];
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(e.TenantId, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(e.Subject, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(e.Action, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(e.PurposesJson, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(e.Channel, NpgsqlDbType.Text, ct);
                    await (e.NoticeVersion is { } notice ? copy.WriteAsync(notice, NpgsqlDbType.Integer, ct) : copy.WriteNullAsync(ct));
                    await (e.TextsHash is { } texts ? copy.WriteAsync(texts, NpgsqlDbType.Text, ct) : copy.WriteNullAsync(ct));
                    await copy.WriteAsync(e.GlobalPrivacyControl, NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(e.Position, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(e.ReceiptJson, NpgsqlDbType.Text, ct);
                }
            }

            await next;
        }
        finally
        {
            // A row that fails to stream leaves the next chunk still being built: wait for it, so it does not run on after
            // the batch has failed or fail unobserved. What it throws then is dropped; the batch's own error propagates.
            await next.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await copy.CompleteAsync(ct);
    }
}
