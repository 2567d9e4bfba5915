using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A lease on making a request's answer package: servers woken together by one notification must not both make it
/// (two packages, two mails). Requests older than this column have none.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261214120000_AnswerPackageLease")]
public sealed class AnswerPackageLease : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<DateTime>(name: "PackageLeasedUntil", table: "requests", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "PackageLeasedUntil", table: "requests");
}
