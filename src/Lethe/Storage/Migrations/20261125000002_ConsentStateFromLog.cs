using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// The current consent state is read from the log itself (a subject's newest events, by the log's subject index)
/// instead of a table kept in step with it: writing that table doubled the cost of recording a batch, and a state
/// that is only ever derived cannot drift from the events that prove it. Events recorded in one instant keep their
/// order in the batch.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261125000002_ConsentStateFromLog")]
public sealed class ConsentStateFromLog : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Position", table: "consent_events", nullable: false, defaultValue: 0);
        migrationBuilder.DropTable("consent_states");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "consent_states",
            columns: table => new
            {
                TenantId = table.Column<Guid>(nullable: false),
                Subject = table.Column<string>(maxLength: 80, nullable: false),
                Purpose = table.Column<string>(maxLength: 64, nullable: false),
                Given = table.Column<bool>(nullable: false),
                EventId = table.Column<Guid>(nullable: false),
                ChangedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                NoticeVersion = table.Column<int>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_consent_states", x => new { x.TenantId, x.Subject, x.Purpose });
                table.ForeignKey("FK_consent_states_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.DropColumn(name: "Position", table: "consent_events");
    }
}
