using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A customer tenant's key in its processor's <c>is: customer</c> collections, so a processor's breach is counted per
/// customer. Links made before it have none, and their customers are told of breaches uncounted, as before.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261214000000_CustomerKey")]
public sealed class CustomerKey : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "CustomerKey", table: "tenants", maxLength: 100, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "CustomerKey", table: "tenants");
}
