using System.Runtime.CompilerServices;
using Lethe.Storage;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Lethe.Audit;

/// <summary>
/// PostgreSQL: the audit log's own statements, named as the model maps the entries and the head, made once per model.
/// Written by hand rather than through the change tracker so that they can share a round trip with the lock and with
/// what the caller sends alongside (<see cref="AuditRoundTrips"/>).
/// </summary>
internal sealed class AuditStatements
{
    // Any constant works; it only has to be the same in every Lethe process sharing the database.
    private const long LockKey = 0x4C65746865_4175;

    private static readonly ConditionalWeakTable<IModel, AuditStatements> OfModel = new();

    private readonly string _readHead;
    private readonly string _insertEntry;
    private readonly string _setHead;

    private AuditStatements(IModel model)
    {
        var head = model.FindEntityType(typeof(AuditHead))!;
        var entry = model.FindEntityType(typeof(AuditEntry))!;
        var id = PostgresNames.Columns(head, nameof(AuditHead.Id));
        var sequence = PostgresNames.Columns(head, nameof(AuditHead.Sequence));
        var hash = PostgresNames.Columns(head, nameof(AuditHead.Hash));
        _readHead = $"SELECT {sequence}, {hash} FROM {PostgresNames.Table(head)} WHERE {id} = {AuditHead.SingletonId}";
        _setHead = $"INSERT INTO {PostgresNames.Table(head)} ({id}, {sequence}, {hash}) VALUES ({AuditHead.SingletonId}, $1, $2) "
            + $"ON CONFLICT ({id}) DO UPDATE SET {sequence} = excluded.{sequence}, {hash} = excluded.{hash}";
        _insertEntry = $"INSERT INTO {PostgresNames.Table(entry)} ("
            + PostgresNames.Columns(entry, nameof(AuditEntry.Sequence), nameof(AuditEntry.OccurredAt), nameof(AuditEntry.ActorKind), nameof(AuditEntry.ActorId),
                nameof(AuditEntry.ActorName), nameof(AuditEntry.TenantId), nameof(AuditEntry.Action), nameof(AuditEntry.Target),
                nameof(AuditEntry.Details), nameof(AuditEntry.PreviousHash), nameof(AuditEntry.Hash))
            + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    }

    public static AuditStatements Of(IModel model) => OfModel.GetValue(model, m => new AuditStatements(m));

    /// <summary>Waits for the lock every writer of the log takes, held until the transaction ends.</summary>
    public static NpgsqlBatchCommand Lock() => new($"SELECT pg_advisory_xact_lock({LockKey})");

    /// <summary>The head's sequence and hash: no row before the first entry.</summary>
    public NpgsqlBatchCommand ReadHead() => new(_readHead);

    public NpgsqlBatchCommand Insert(AuditEntry e) => new(_insertEntry)
    {
        Parameters =
        {
            new NpgsqlParameter<long> { TypedValue = e.Sequence },
            new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = e.OccurredAt },
            Text(e.ActorKind),
            Text(e.ActorId),
            Text(e.ActorName),
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = e.TenantId is { } tenant ? tenant : DBNull.Value },
            Text(e.Action),
            Text(e.Target),
            Text(e.Details),
            Text(e.PreviousHash),
            Text(e.Hash),
        },
    };

    /// <summary>Moves the head to <paramref name="sequence"/> (written in the first entry's transaction when there is none).</summary>
    public NpgsqlBatchCommand SetHead(long sequence, string hash) => new(_setHead)
    {
        Parameters = { new NpgsqlParameter<long> { TypedValue = sequence }, Text(hash) },
    };

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = value is null ? DBNull.Value : value };
}
