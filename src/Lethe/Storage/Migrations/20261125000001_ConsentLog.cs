using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>The append-only consent log with its receipts, and the current state per subject and purpose.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261125000001_ConsentLog")]
public sealed class ConsentLog : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "consent_events",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Subject = table.Column<string>(maxLength: 80, nullable: false),
                Action = table.Column<string>(maxLength: 16, nullable: false),
                PurposesJson = table.Column<string>(maxLength: 2000, nullable: false),
                Channel = table.Column<string>(maxLength: 24, nullable: false),
                NoticeVersion = table.Column<int>(nullable: true),
                TextsHash = table.Column<string>(maxLength: 64, nullable: true),
                GlobalPrivacyControl = table.Column<bool>(nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                ReceiptJson = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_consent_events", x => x.Id);
                table.ForeignKey("FK_consent_events_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_consent_events_TenantId_Subject_OccurredAt", "consent_events", ["TenantId", "Subject", "OccurredAt"]);

        migrationBuilder.CreateTable(
            name: "consent_states",
            columns: table => new
            {
                TenantId = table.Column<Guid>(nullable: false),
                Subject = table.Column<string>(maxLength: 80, nullable: false),
                Purpose = table.Column<string>(maxLength: 64, nullable: false),
                Given = table.Column<bool>(nullable: false),
                EventId = table.Column<Guid>(nullable: false),
                ChangedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                NoticeVersion = table.Column<int>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_consent_states", x => new { x.TenantId, x.Subject, x.Purpose });
                table.ForeignKey("FK_consent_states_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("consent_states");
        migrationBuilder.DropTable("consent_events");
    }
}
