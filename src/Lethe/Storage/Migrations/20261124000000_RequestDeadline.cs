using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>The Art. 12(3) deadline of each request and its one extension; requests registered before it have none.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261124000000_RequestDeadline")]
public sealed class RequestDeadline : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateOnly>(name: "DueOn", table: "requests", nullable: true);
        migrationBuilder.AddColumn<int>(name: "ExtendedMonths", table: "requests", nullable: true);
        migrationBuilder.AddColumn<string>(name: "ExtensionReason", table: "requests", maxLength: 2000, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "ExtendedAt", table: "requests", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "ExtendedAt", table: "requests");
        migrationBuilder.DropColumn(name: "ExtensionReason", table: "requests");
        migrationBuilder.DropColumn(name: "ExtendedMonths", table: "requests");
        migrationBuilder.DropColumn(name: "DueOn", table: "requests");
    }
}
