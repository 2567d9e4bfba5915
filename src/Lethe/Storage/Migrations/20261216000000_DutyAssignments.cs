using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>Duties of the compliance calendar given to one person by hand: one owner per duty and tenant.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261216000000_DutyAssignments")]
public sealed class DutyAssignments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "duty_assignments",
            columns: table => new
            {
                TenantId = table.Column<Guid>(nullable: false),
                DutyId = table.Column<string>(maxLength: 200, nullable: false),
                Owner = table.Column<string>(maxLength: 256, nullable: false),
                AssignedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_duty_assignments", x => new { x.TenantId, x.DutyId });
                table.ForeignKey(
                    name: "FK_duty_assignments_tenants_TenantId",
                    column: x => x.TenantId,
                    principalTable: "tenants",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropTable(name: "duty_assignments");
}
