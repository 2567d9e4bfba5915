using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>Published versions of each tenant's privacy notice.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261121000002_Notices")]
public sealed class Notices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "notice_versions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Number = table.Column<int>(nullable: false),
                DataMapRevision = table.Column<int>(nullable: false),
                ContentJson = table.Column<string>(nullable: false),
                FactsJson = table.Column<string>(nullable: false),
                PublishedAt = table.Column<DateTime>(nullable: false),
                PublishedBy = table.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_notice_versions", x => x.Id);
                table.ForeignKey("FK_notice_versions_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_notice_versions_TenantId_Number", "notice_versions", ["TenantId", "Number"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("notice_versions");
}
