using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lethe.Storage.Migrations
{
    /// <summary>The compliance calendar's evidence: half-yearly reviews with their checklists, and risk assessments per system.</summary>
    [DbContext(typeof(LetheDbContext))]
    [Migration("20261212000000_ComplianceCalendar")]
    public sealed class ComplianceCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    Status = table.Column<string>(maxLength: 16, nullable: false),
                    DataMapRevision = table.Column<int>(nullable: false),
                    DataMapSha256 = table.Column<string>(maxLength: 64, nullable: false),
                    DueOn = table.Column<DateOnly>(nullable: false),
                    StartedAt = table.Column<DateTime>(nullable: false),
                    StartedBy = table.Column<string>(maxLength: 256, nullable: true),
                    CompletedAt = table.Column<DateTime>(nullable: true),
                    CompletedBy = table.Column<string>(maxLength: 256, nullable: true),
                    CompletedRevision = table.Column<int>(nullable: true),
                    Summary = table.Column<string>(maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_reviews_tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risk_assessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    System = table.Column<string>(maxLength: 128, nullable: false),
                    Likelihood = table.Column<int>(nullable: false),
                    Impact = table.Column<int>(nullable: false),
                    ResidualLikelihood = table.Column<int>(nullable: false),
                    ResidualImpact = table.Column<int>(nullable: false),
                    Measures = table.Column<string>(maxLength: 4000, nullable: false),
                    OtherMeasures = table.Column<string>(maxLength: 4000, nullable: true),
                    Reasons = table.Column<string>(maxLength: 4000, nullable: false),
                    DpiaSignals = table.Column<string>(maxLength: 128, nullable: false),
                    DataMapRevision = table.Column<int>(nullable: false),
                    AssessedAt = table.Column<DateTime>(nullable: false),
                    AssessedBy = table.Column<string>(maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_assessments_tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    ReviewId = table.Column<Guid>(nullable: false),
                    Position = table.Column<int>(nullable: false),
                    Kind = table.Column<string>(maxLength: 32, nullable: false),
                    Key = table.Column<string>(maxLength: 512, nullable: false),
                    Label = table.Column<string>(maxLength: 2000, nullable: false),
                    Decision = table.Column<string>(maxLength: 16, nullable: false),
                    Note = table.Column<string>(maxLength: 4000, nullable: true),
                    DecidedAt = table.Column<DateTime>(nullable: true),
                    DecidedBy = table.Column<string>(maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_review_items_reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_review_items_ReviewId_Position",
                table: "review_items",
                columns: new[] { "ReviewId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reviews_TenantId_StartedAt",
                table: "reviews",
                columns: new[] { "TenantId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_assessments_TenantId_System_AssessedAt",
                table: "risk_assessments",
                columns: new[] { "TenantId", "System", "AssessedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "review_items");

            migrationBuilder.DropTable(
                name: "risk_assessments");

            migrationBuilder.DropTable(
                name: "reviews");
        }
    }
}
