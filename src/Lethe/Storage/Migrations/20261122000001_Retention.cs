using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>Legal holds, retention runs and their per-rule progress.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261122000001_Retention")]
public sealed class Retention : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "retention_holds",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Scope = table.Column<string>(maxLength: 16, nullable: false),
                Collection = table.Column<string>(maxLength: 200, nullable: true),
                IdentitiesJson = table.Column<string>(nullable: true),
                Reason = table.Column<string>(maxLength: 1000, nullable: false),
                Until = table.Column<DateOnly>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: true),
                ReleasedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_retention_holds", x => x.Id);
                table.ForeignKey("FK_retention_holds_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_retention_holds_TenantId", "retention_holds", "TenantId");

        migrationBuilder.CreateTable(
            name: "retention_runs",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                OpenFor = table.Column<Guid>(nullable: true),
                Day = table.Column<DateOnly>(nullable: false),
                StartedAt = table.Column<DateTime>(nullable: false),
                FinishedAt = table.Column<DateTime>(nullable: true),
                StartedBy = table.Column<string>(maxLength: 256, nullable: true),
                Deleted = table.Column<long>(nullable: false),
                Anonymized = table.Column<long>(nullable: false),
                Held = table.Column<long>(nullable: false),
                Errors = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_retention_runs", x => x.Id);
                table.ForeignKey("FK_retention_runs_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_retention_runs_TenantId_StartedAt", "retention_runs", ["TenantId", "StartedAt"]);
        migrationBuilder.CreateIndex("IX_retention_runs_OpenFor", "retention_runs", "OpenFor", unique: true);

        migrationBuilder.CreateTable(
            name: "retention_progress",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RunId = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Rule = table.Column<string>(maxLength: 100, nullable: false),
                Collection = table.Column<string>(maxLength: 200, nullable: false),
                Action = table.Column<string>(maxLength: 16, nullable: false),
                Cutoff = table.Column<DateOnly>(nullable: false),
                LastKey = table.Column<string>(maxLength: 400, nullable: true),
                NextPage = table.Column<long>(nullable: true),
                LeasedUntil = table.Column<DateTime>(nullable: true),
                Deleted = table.Column<long>(nullable: false),
                Anonymized = table.Column<long>(nullable: false),
                Held = table.Column<long>(nullable: false),
                Referenced = table.Column<long>(nullable: false),
                Files = table.Column<long>(nullable: false),
                Batches = table.Column<int>(nullable: false),
                Seconds = table.Column<double>(nullable: false),
                Done = table.Column<bool>(nullable: false),
                Error = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_retention_progress", x => x.Id);
                table.ForeignKey("FK_retention_progress_retention_runs_RunId", x => x.RunId, "retention_runs", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_retention_progress_RunId_Rule", "retention_progress", ["RunId", "Rule"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("retention_progress");
        migrationBuilder.DropTable("retention_runs");
        migrationBuilder.DropTable("retention_holds");
    }
}
