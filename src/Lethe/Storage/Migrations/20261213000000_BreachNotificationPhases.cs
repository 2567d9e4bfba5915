using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// What each later phase of a notification to the authority added (Art. 33(4)). Phases made before this column existed
/// keep it empty: what they added was only in their rendered text.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261213000000_BreachNotificationPhases")]
public sealed class BreachNotificationPhases : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "Added", table: "breach_notifications", maxLength: 4000, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "Added", table: "breach_notifications");
}
