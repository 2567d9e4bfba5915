using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// Background work that fails ends in a state someone sees: answer packages that could not be made, and deferred
/// erasures given up on after the last attempt. (Request steps and messages keep theirs in their status.)
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261204000000_FailuresSeen")]
public sealed class FailuresSeen : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "GaveUpAt", table: "deferred_erasures", nullable: true);
        migrationBuilder.CreateTable(
            name: "answer_package_failures",
            columns: table => new
            {
                RequestId = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                FirstFailedAt = table.Column<DateTime>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: false),
                GaveUpAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_answer_package_failures", x => x.RequestId);
                table.ForeignKey("FK_answer_package_failures_requests_RequestId", x => x.RequestId, "requests", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_answer_package_failures_TenantId", "answer_package_failures", "TenantId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "answer_package_failures");
        migrationBuilder.DropColumn(name: "GaveUpAt", table: "deferred_erasures");
    }
}
