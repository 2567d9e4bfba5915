using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// Answer packages made while an erasure waited for a legal hold quoted the hold's note — the company's own words,
/// which may name another customer ("dispute with customer K10004"). Answers now give the ground and never the note;
/// the packages made before are taken back here. One whose request closed within a package's lifetime is made again by
/// the worker with the answer as it now reads (its row goes, and with it the key of the file left behind, which no one
/// can open any more). One made later, after failed attempts, would not be made again, so it expires now instead: the
/// person can no longer download it, and the worker's next sweep deletes its file and key.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261219000000_HoldNotesOutOfAnswers")]
public sealed class HoldNotesOutOfAnswers : Migration
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    // A waiting step's outcome names the hold by its reason id, legal_hold_{scope} (KeptReasons.LegalHold), or — written
    // before reasons had ids — by the English sentence "under a legal hold (…): {note}". LIKE's "_" matches any
    // character: it can only find more, never fewer.
    private const string Held = """
        SELECT "RequestId" FROM "request_steps"
        WHERE "OutcomeJson" LIKE '%legal_hold_%' OR "OutcomeJson" LIKE '%under a legal hold%'
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // SQLite keeps times as text in EF Core's "yyyy-MM-dd HH:mm:ss.fffffff", which strftime's form orders with.
        var sqlite = migrationBuilder.ActiveProvider == Sqlite;
        var now = sqlite ? "strftime('%Y-%m-%d %H:%M:%f', 'now')" : "now()";
        var lifetimeAgo = sqlite ? "strftime('%Y-%m-%d %H:%M:%f', 'now', '-14 days')" : "now() - interval '14 days'";
        migrationBuilder.Sql($"""
            DELETE FROM "stored_answers"
            WHERE "DeletedAt" IS NULL AND "ExpiresAt" > {now}
              AND "RequestId" IN (SELECT "Id" FROM "requests" WHERE "ClosedAt" > {lifetimeAgo} AND "Id" IN ({Held}))
            """);
        migrationBuilder.Sql($"""
            UPDATE "stored_answers" SET "ExpiresAt" = {now}
            WHERE "DeletedAt" IS NULL AND "ExpiresAt" > {now} AND "RequestId" IN ({Held})
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // The packages taken back are made again or expired; nothing to restore.
    }
}
