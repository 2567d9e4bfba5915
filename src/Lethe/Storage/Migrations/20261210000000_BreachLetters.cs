using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lethe.Storage.Migrations
{
    /// <summary>How the people of a high-risk breach were told (letters or a public notice), and the 72-hour reminders sent, each once.</summary>
    [DbContext(typeof(LetheDbContext))]
    [Migration("20261210000000_BreachLetters")]
    public sealed class BreachLetters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "breach_communications",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    BreachId = table.Column<Guid>(nullable: false),
                    Kind = table.Column<string>(maxLength: 16, nullable: false),
                    Description = table.Column<string>(maxLength: 4000, nullable: true),
                    Letters = table.Column<int>(nullable: true),
                    Languages = table.Column<string>(maxLength: 64, nullable: true),
                    WithoutAddress = table.Column<long>(nullable: true),
                    Reason = table.Column<string>(maxLength: 4000, nullable: true),
                    PublishedWhere = table.Column<string>(maxLength: 1000, nullable: true),
                    PublishedAt = table.Column<DateTime>(nullable: true),
                    MadeAt = table.Column<DateTime>(nullable: false),
                    MadeBy = table.Column<string>(maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breach_communications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_breach_communications_breaches_BreachId",
                        column: x => x.BreachId,
                        principalTable: "breaches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "breach_reminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    BreachId = table.Column<Guid>(nullable: false),
                    Hours = table.Column<int>(nullable: false),
                    Recipients = table.Column<int>(nullable: false),
                    SentAt = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breach_reminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_breach_reminders_breaches_BreachId",
                        column: x => x.BreachId,
                        principalTable: "breaches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_breach_communications_BreachId_Kind",
                table: "breach_communications",
                columns: new[] { "BreachId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_breach_reminders_BreachId_Hours",
                table: "breach_reminders",
                columns: new[] { "BreachId", "Hours" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "breach_communications");

            migrationBuilder.DropTable(
                name: "breach_reminders");
        }
    }
}
