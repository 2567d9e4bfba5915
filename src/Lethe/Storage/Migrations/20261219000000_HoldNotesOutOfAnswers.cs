using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// Answer packages made while an erasure waited for a legal hold quoted the hold's note — the company's own words,
/// which may name another customer ("dispute with customer K10004"). Answers now give the ground and never the note;
/// the packages made before are taken back here so that the worker makes each again with the answer as it now reads
/// (and tells the person it is ready). A package's key goes with its row, so the file left behind can no longer be
/// opened by anyone; it is the encrypted copy of what is being replaced.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261219000000_HoldNotesOutOfAnswers")]
public sealed class HoldNotesOutOfAnswers : Migration
{
    // A waiting step's outcome names the hold's reason id, legal_hold_{scope} (Lethe.Execution.KeptReasons.LegalHold);
    // both providers store it as plain text. LIKE's "_" matches any character: it can only find more, never fewer.
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            DELETE FROM "stored_answers"
            WHERE "DeletedAt" IS NULL
              AND "RequestId" IN (SELECT "RequestId" FROM "request_steps" WHERE "OutcomeJson" LIKE '%legal_hold_%')
            """);

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // The packages taken back are made again; nothing to restore.
    }
}
