using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>Revisions of each tenant's privacy manifest.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261121000001_DataMap")]
public sealed class DataMap : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "data_map_revisions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Revision = table.Column<int>(nullable: false),
                Yaml = table.Column<string>(nullable: false),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_data_map_revisions", x => x.Id);
                table.ForeignKey("FK_data_map_revisions_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(
            "IX_data_map_revisions_TenantId_Revision", "data_map_revisions", ["TenantId", "Revision"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("data_map_revisions");
}
