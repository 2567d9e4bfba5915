using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>A retention batch written down before its datastore commits, so a kill between the two leaves the report exact.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261202000011_RetentionPendingBatch")]
public sealed class RetentionPendingBatch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "Pending", table: "retention_progress", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "Pending", table: "retention_progress");
}
