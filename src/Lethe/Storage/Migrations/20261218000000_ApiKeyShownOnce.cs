using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A new API key's secret, encrypted, kept from the console's form until the page that shows it is opened once (at most
/// ten minutes), so that the form can answer with a redirect and a form sent twice makes one key. Keys made before
/// have none.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261218000000_ApiKeyShownOnce")]
public sealed class ApiKeyShownOnce : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "ShownOnce", table: "api_keys", maxLength: 1000, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "ShownOnce", table: "api_keys");
}
