using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// Where a replaced sub-processor was, kept with the change and each customer's notice: until the change takes effect
/// customers see the old company, by its name and location, as still in use. Changes announced before keep it empty,
/// and the new entry's location stands for both.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261215000000_ReplacedSubProcessorLocation")]
public sealed class ReplacedSubProcessorLocation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "ReplacesLocation", table: "sub_processor_changes", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ReplacesLocation", table: "sub_processor_notices", maxLength: 100, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "ReplacesLocation", table: "sub_processor_notices");
        migrationBuilder.DropColumn(name: "ReplacesLocation", table: "sub_processor_changes");
    }
}
