using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A notice version says whether it keeps consent given under earlier versions (no material change for consent).
/// Versions published before counted as material changes (every newer notice asked again), so they stay so.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261125000003_NoticeKeepsConsent")]
public sealed class NoticeKeepsConsent : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "KeepsConsent", table: "notice_versions", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "ConsentTexts", table: "notice_versions", maxLength: 64, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "ConsentTexts", table: "notice_versions");
        migrationBuilder.DropColumn(name: "KeepsConsent", table: "notice_versions");
    }
}
