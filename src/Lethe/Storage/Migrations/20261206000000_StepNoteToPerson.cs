using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A manual step's note to the person, apart from the internal note. Existing notes stay internal: they were written
/// for colleagues, so none of them starts appearing in a person's answer.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261206000000_StepNoteToPerson")]
public sealed class StepNoteToPerson : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "NoteToPerson", table: "request_steps", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "NoteToPerson", table: "request_steps");
}
