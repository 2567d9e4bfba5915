using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lethe.Storage.Migrations
{
    /// <summary>The breach register (Art. 33(5)) and the notifications made to the authority, phase by phase.</summary>
    [DbContext(typeof(LetheDbContext))]
    [Migration("20261209000000_Breaches")]
    public sealed class Breaches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "breaches",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    OccurredAt = table.Column<DateTime>(nullable: true),
                    AwareAt = table.Column<DateTime>(nullable: false),
                    Description = table.Column<string>(maxLength: 4000, nullable: false),
                    Affected = table.Column<string>(maxLength: 2000, nullable: false),
                    DataMapRevision = table.Column<int>(nullable: false),
                    RecordedAt = table.Column<DateTime>(nullable: false),
                    RecordedBy = table.Column<string>(maxLength: 256, nullable: true),
                    CountsJson = table.Column<string>(nullable: true),
                    Status = table.Column<string>(maxLength: 16, nullable: false),
                    Risk = table.Column<string>(maxLength: 16, nullable: true),
                    RiskReasons = table.Column<string>(maxLength: 4000, nullable: true),
                    Consequences = table.Column<string>(maxLength: 4000, nullable: true),
                    Measures = table.Column<string>(maxLength: 4000, nullable: true),
                    AssessedAt = table.Column<DateTime>(nullable: true),
                    AssessedBy = table.Column<string>(maxLength: 256, nullable: true),
                    NotifiedAt = table.Column<DateTime>(nullable: true),
                    NotifiedBy = table.Column<string>(maxLength: 256, nullable: true),
                    LateReason = table.Column<string>(maxLength: 4000, nullable: true),
                    ClosedAt = table.Column<DateTime>(nullable: true),
                    ClosedBy = table.Column<string>(maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breaches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_breaches_tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "breach_notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    BreachId = table.Column<Guid>(nullable: false),
                    Phase = table.Column<int>(nullable: false),
                    Language = table.Column<string>(maxLength: 8, nullable: false),
                    Markdown = table.Column<string>(nullable: false),
                    CountsJson = table.Column<string>(nullable: true),
                    MadeAt = table.Column<DateTime>(nullable: false),
                    MadeBy = table.Column<string>(maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breach_notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_breach_notifications_breaches_BreachId",
                        column: x => x.BreachId,
                        principalTable: "breaches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_breach_notifications_BreachId_Phase",
                table: "breach_notifications",
                columns: new[] { "BreachId", "Phase" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_breaches_TenantId_AwareAt",
                table: "breaches",
                columns: new[] { "TenantId", "AwareAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "breach_notifications");

            migrationBuilder.DropTable(
                name: "breaches");
        }
    }
}
