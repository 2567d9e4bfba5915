using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// On PostgreSQL the consent log's subject index carries what the state read needs, so the state is answered from the
/// index alone instead of the wide rows with their receipts (SQLite has no included columns and keeps the plain index).
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261125000004_ConsentStateIndex")]
public sealed class ConsentStateIndex : Migration
{
    private const string Name = "IX_consent_events_TenantId_Subject_OccurredAt";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(Name, "consent_events");
        migrationBuilder.CreateIndex(Name, "consent_events", ["TenantId", "Subject", "OccurredAt"])
            .Annotation("Npgsql:IndexInclude", new[] { "Position", "Action", "PurposesJson", "NoticeVersion", "Id" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(Name, "consent_events");
        migrationBuilder.CreateIndex(Name, "consent_events", ["TenantId", "Subject", "OccurredAt"]);
    }
}
