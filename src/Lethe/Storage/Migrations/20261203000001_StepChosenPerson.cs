using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>The person an agent chose for a step whose identities matched several people.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261203000001_StepChosenPerson")]
public sealed class StepChosenPerson : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "ChosenJson", table: "request_steps", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "ChosenJson", table: "request_steps");
}
