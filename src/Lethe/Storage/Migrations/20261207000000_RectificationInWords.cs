using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A correction asked for in the privacy centre keeps the person's own words beside the fields they named, so the agent
/// confirms what was asked, not a summary of it.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261207000000_RectificationInWords")]
public sealed class RectificationInWords : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "CorrectionJson", table: "requests", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "CorrectionJson", table: "requests");
}
