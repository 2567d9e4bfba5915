using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A request forwarded to a processor is a step of its own: the processor's name and the day its confirmation is due.
/// Steps made before these columns existed are all in datastores and keep both empty.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261214000000_ForwardedSteps")]
public sealed class ForwardedSteps : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "ForwardedTo", table: "request_steps", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<DateOnly>(name: "DueOn", table: "request_steps", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "DueOn", table: "request_steps");
        migrationBuilder.DropColumn(name: "ForwardedTo", table: "request_steps");
    }
}
