using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lethe.Consent;

/// <summary>
/// PostgreSQL: a batch's events as one set-based statement (each column an array, unnested into one INSERT) in the
/// caller's transaction. Through the change tracker a batch of a thousand events is a thousand tracked rows sent as
/// many statements, at a fraction of what the database can take.
/// </summary>
internal static class ConsentRows
{
    private const string InsertEvents =
        """
        INSERT INTO consent_events ("Id", "TenantId", "Subject", "Action", "PurposesJson", "Channel", "NoticeVersion", "TextsHash", "GlobalPrivacyControl", "OccurredAt", "Position", "ReceiptJson")
        SELECT e.id, @tenant, e.subject, e.action, e.purposes, e.channel, e.notice, e.texts, e.gpc, @at, e.position, e.receipt
        FROM unnest(@ids, @subjects, @actions, @purposes, @channels, @notices, @texts, @gpc, @positions, @receipts)
            AS e(id, subject, action, purposes, channel, notice, texts, gpc, position, receipt)
        """;

    /// <param name="events">Of one tenant, recorded at <paramref name="at"/>.</param>
    public static Task WriteAsync(LetheDbContext db, Guid tenantId, DateTime at, IReadOnlyList<ConsentEvent> events, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(InsertEvents,
        [
            new NpgsqlParameter<Guid>("tenant", tenantId),
            new NpgsqlParameter<DateTime>("at", at),
            Column("ids", events, e => e.Id),
            Column("subjects", events, e => e.Subject),
            Column("actions", events, e => e.Action),
            Column("purposes", events, e => e.PurposesJson),
            Column("channels", events, e => e.Channel),
            Column("notices", events, e => e.NoticeVersion),
            Column("texts", events, e => e.TextsHash),
            Column("gpc", events, e => e.GlobalPrivacyControl),
            Column("positions", events, e => e.Position),
            Column("receipts", events, e => e.ReceiptJson),
        ], ct);

    private static NpgsqlParameter<T[]> Column<TRow, T>(string name, IReadOnlyList<TRow> rows, Func<TRow, T> value) => new(name, rows.Select(value).ToArray());
}
