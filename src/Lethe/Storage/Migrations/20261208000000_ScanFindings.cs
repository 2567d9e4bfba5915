using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lethe.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ScanFindings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "scan_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    StartedAt = table.Column<DateTime>(nullable: false),
                    FinishedAt = table.Column<DateTime>(nullable: true),
                    StartedBy = table.Column<string>(maxLength: 256, nullable: true),
                    Datastore = table.Column<string>(maxLength: 200, nullable: true),
                    Sample = table.Column<int>(nullable: true),
                    Parallel = table.Column<int>(nullable: false),
                    Rows = table.Column<long>(nullable: false),
                    Bytes = table.Column<long>(nullable: false),
                    Errors = table.Column<int>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_scan_runs_tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "scan_findings",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    RunId = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    Datastore = table.Column<string>(maxLength: 200, nullable: false),
                    Table = table.Column<string>(maxLength: 200, nullable: false),
                    Column = table.Column<string>(maxLength: 200, nullable: false),
                    Kind = table.Column<string>(maxLength: 32, nullable: false),
                    Confidence = table.Column<string>(maxLength: 16, nullable: false),
                    Matches = table.Column<long>(nullable: false),
                    Rows = table.Column<long>(nullable: false),
                    ExampleKeys = table.Column<string>(maxLength: 4000, nullable: false),
                    Described = table.Column<bool>(nullable: false),
                    Category = table.Column<string>(maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_findings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_scan_findings_scan_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "scan_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "scan_tables",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    RunId = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    Datastore = table.Column<string>(maxLength: 200, nullable: false),
                    Table = table.Column<string>(maxLength: 200, nullable: false),
                    EstimatedRows = table.Column<long>(nullable: true),
                    Checkpoint = table.Column<string>(maxLength: 100, nullable: true),
                    LeasedUntil = table.Column<DateTime>(nullable: true),
                    Rows = table.Column<long>(nullable: false),
                    Bytes = table.Column<long>(nullable: false),
                    Seconds = table.Column<double>(nullable: false),
                    Done = table.Column<bool>(nullable: false),
                    Error = table.Column<string>(maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scan_tables", x => x.Id);
                    table.ForeignKey(
                        name: "FK_scan_tables_scan_runs_RunId",
                        column: x => x.RunId,
                        principalTable: "scan_runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_scan_findings_RunId_Datastore_Table_Column_Kind_Confidence",
                table: "scan_findings",
                columns: new[] { "RunId", "Datastore", "Table", "Column", "Kind", "Confidence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_scan_runs_TenantId_StartedAt",
                table: "scan_runs",
                columns: new[] { "TenantId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_scan_tables_RunId_Datastore_Table",
                table: "scan_tables",
                columns: new[] { "RunId", "Datastore", "Table" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scan_findings");

            migrationBuilder.DropTable(
                name: "scan_tables");

            migrationBuilder.DropTable(
                name: "scan_runs");
        }
    }
}
