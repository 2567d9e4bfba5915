using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>Values a tenant keeps in Lethe for its datastores (<c>secret:NAME</c>), encrypted with the key ring.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261202000010_DatastoreSecrets")]
public sealed class DatastoreSecrets : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "datastore_secrets",
            columns: table => new
            {
                TenantId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Protected = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_datastore_secrets", x => new { x.TenantId, x.Name });
                table.ForeignKey("FK_datastore_secrets_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("datastore_secrets");
}
