using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Lethe.Audit;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

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

    private const int FirstChunk = 16;

    /// <summary>Chunks built ahead of the stream at most: the builder is faster than PostgreSQL and would fill memory.</summary>
    private const int Ahead = 4;

    /// <summary>A banner event's row is about 2 KB, most of it the receipt.</summary>
    private const int RowBytes = 2560;

    /// <summary>The columns of the COPY, in the order <see cref="Append"/> writes them.</summary>
    private static readonly string[] Properties =
    [
        nameof(ConsentEvent.Id), nameof(ConsentEvent.TenantId), nameof(ConsentEvent.Subject), nameof(ConsentEvent.Action),
        nameof(ConsentEvent.PurposesJson), nameof(ConsentEvent.Channel), nameof(ConsentEvent.NoticeVersion), nameof(ConsentEvent.TextsHash),
        nameof(ConsentEvent.GlobalPrivacyControl), nameof(ConsentEvent.OccurredAt), nameof(ConsentEvent.Position), nameof(ConsentEvent.ReceiptJson),
    ];

    // Named as the model maps the log (its schema included), made once per model.
    private static readonly ConditionalWeakTable<IModel, string> CopyEvents = new();

    /// <summary>
    /// The statements a batch sends in the audit log's round trips: the mark that tells the log's insert trigger this
    /// batch names its own subjects (sent with the lock); <see cref="WriteAsync"/> adds the notifications.
    /// </summary>
    public static AuditRoundTrips RoundTrips() => new()
    {
        // The log's insert trigger would tell every server to forget every subject; this batch names its own instead.
        WithLock = { new NpgsqlBatchCommand("SELECT set_config('lethe.consent_notified', 'on', true)") },
    };

    /// <summary>
    /// Streams the events that <paramref name="build"/> makes, a chunk at a time: the next chunk's keyed hashes, receipts
    /// and rows are made on the other core while PostgreSQL writes the rows and index entries of this one, so a batch
    /// costs about what its COPY alone costs. Runs under the audit lock, after <see cref="RoundTrips"/>' mark.
    /// </summary>
    /// <param name="events">Of one tenant: empty slots that <paramref name="build"/> fills.</param>
    /// <param name="build">Builds the events from the first position up to (not including) the second, fills their slots
    /// and appends each one's row with <see cref="Append"/>.</param>
    /// <param name="sentWith">What <see cref="RoundTrips"/> made: the subjects' notifications are sent with the audit entry.</param>
    public static async Task WriteAsync(
        LetheDbContext db, ConsentEvent[] events, Action<int, int, CopyRows> build, AuditRoundTrips sentWith, CancellationToken ct)
    {
        // The audit log's transaction is open on this connection: the COPY is part of it, all or none.
        var statement = CopyEvents.GetValue(db.Model, Copy);
        await CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), statement, events, build, ct);
        // Delivered when the transaction commits, like the rows. The mark, set with the lock, covers the change this COPY
        // is the whole of, and ends with the entries: anything the transaction inserts after them is announced again.
        sentWith.WithEntries.Add(new NpgsqlBatchCommand(
            $"SELECT set_config('lethe.consent_notified', '', true), count(pg_notify('{ConsentChanges.Channel}', p)) FROM unnest($1) AS p")
        {
            Parameters = { new NpgsqlParameter<string[]> { TypedValue = ConsentChanges.Payloads(events[0].TenantId, events.Select(e => e.Subject)).ToArray() } },
        });
    }

    /// <summary>One event's row, in the columns of the COPY statement.</summary>
    /// <param name="receipt">The event's receipt as UTF-8 JSON.</param>
    public static void Append(CopyRows rows, ConsentEvent e, ReadOnlySpan<byte> receipt)
    {
        rows.StartRow((short)Properties.Length);
        rows.Uuid(e.Id);
        rows.Uuid(e.TenantId);
        rows.Text(e.Subject);
        rows.Text(e.Action);
        rows.Text(e.PurposesJson);
        rows.Text(e.Channel);
        rows.Int(e.NoticeVersion);
        rows.Text(e.TextsHash);
        rows.Bool(e.GlobalPrivacyControl);
        rows.TimestampTz(e.OccurredAt);
        rows.Int(e.Position);
        rows.Text(receipt);
    }

    private static string Copy(IModel model)
    {
        var events = model.FindEntityType(typeof(ConsentEvent))!;
        return $"COPY {PostgresNames.Table(events)} ({PostgresNames.Columns(events, Properties)}) FROM STDIN (FORMAT BINARY)";
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string statement, ConsentEvent[] events, Action<int, int, CopyRows> build, CancellationToken ct)
    {
        var copy = await connection.BeginRawBinaryCopyAsync(statement, ct);
        var complete = false;
        try
        {
            await copy.WriteAsync(CopyRows.Header, ct);
            if (events.Length <= Chunk)
            {
                // One chunk: nothing to overlap, so no thread to hand it to.
                using var rows = new CopyRows(events.Length * RowBytes);
                build(0, events.Length, rows);
                await copy.WriteAsync(rows.Written, ct);
            }
            else
            {
                await StreamAsync(copy, events.Length, build, ct);
            }

            await copy.WriteAsync(CopyRows.Trailer, ct);
            complete = true;
        }
        finally
        {
            if (complete)
            {
                // Disposing a raw COPY stream ends the COPY: PostgreSQL takes the rows (still inside the transaction).
                await copy.DisposeAsync();
            }
            else
            {
                // A half-written stream must never end as a COPY: cancel it, so PostgreSQL stores none of it. Should the
                // connection have broken with the batch, its transaction goes with it (nothing is committed either way),
                // and the batch's own error is the one to report, not what cancelling on a dead connection throws.
                try
                {
                    await copy.CancelAsync();
                    await copy.DisposeAsync();
                }
                catch (Exception cancelling) when (cancelling is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // Npgsql marks a connection that failed this way broken: nothing more is sent on it.
                }
            }
        }
    }

    private static async Task StreamAsync(NpgsqlRawCopyStream copy, int count, Action<int, int, CopyRows> build, CancellationToken ct)
    {
        var chunks = Channel.CreateBounded<CopyRows>(new BoundedChannelOptions(Ahead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Not started with the token: the builder always runs, so the channel is always completed.
        var building = Task.Run(async () =>
        {
            try
            {
                for (int from = 0, to; from < count; from = to)
                {
                    // A small first chunk: PostgreSQL starts on the batch as soon as a few rows are built.
                    to = Math.Min(from + (from == 0 ? FirstChunk : Chunk), count);
                    var rows = new CopyRows((to - from) * RowBytes);
                    try
                    {
                        build(from, to, rows);
                        await chunks.Writer.WriteAsync(rows, stop.Token);
                    }
                    catch
                    {
                        rows.Dispose();
                        throw;
                    }
                }

                chunks.Writer.Complete();
            }
            catch (Exception e)
            {
                chunks.Writer.Complete(e);
                throw;
            }
        });

        try
        {
            await foreach (var rows in chunks.Reader.ReadAllAsync(ct))
            {
                using (rows)
                {
                    await copy.WriteAsync(rows.Written, ct);
                }
            }
        }
        catch
        {
            // The stream failed, or the builder did (the channel ends with the builder's own error, which is what this
            // rethrows): stop the builder, and give back what it built that will not be sent.
            await stop.CancelAsync();
            while (chunks.Reader.TryRead(out var unsent))
            {
                unsent.Dispose();
            }

            await building.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // A chunk the builder queued as it was stopped.
            while (chunks.Reader.TryRead(out var unsent))
            {
                unsent.Dispose();
            }

            throw;
        }

        await building;
    }
}
