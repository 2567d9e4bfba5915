using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>Requests carried out over the datastores, their steps, restrictions, deferred erasures and the tenants' hash keys.</summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261122000000_Requests")]
public sealed class Requests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "requests",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Type = table.Column<string>(maxLength: 32, nullable: false),
                IdentitiesJson = table.Column<string>(nullable: false),
                ChangesJson = table.Column<string>(nullable: true),
                DataMapRevision = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: true),
                CompletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_requests", x => x.Id);
                table.ForeignKey("FK_requests_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_requests_TenantId_CreatedAt", "requests", ["TenantId", "CreatedAt"]);

        migrationBuilder.CreateTable(
            name: "request_steps",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                Datastore = table.Column<string>(maxLength: 200, nullable: false),
                Connector = table.Column<string>(maxLength: 16, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                LeasedUntil = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(nullable: true),
                OutcomeJson = table.Column<string>(nullable: true),
                ResultJson = table.Column<string>(nullable: true),
                CallbackTokenHash = table.Column<string>(maxLength: 64, nullable: true),
                Assignee = table.Column<string>(maxLength: 200, nullable: true),
                Note = table.Column<string>(nullable: true),
                CompletedBy = table.Column<string>(maxLength: 256, nullable: true),
                CompletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_request_steps", x => x.Id);
                table.ForeignKey("FK_request_steps_requests_RequestId", x => x.RequestId, "requests", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_request_steps_RequestId", "request_steps", "RequestId");
        migrationBuilder.CreateIndex("IX_request_steps_Status_NextAttemptAt", "request_steps", ["Status", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_request_steps_CallbackTokenHash", "request_steps", "CallbackTokenHash", unique: true);

        migrationBuilder.CreateTable(
            name: "restrictions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                IdentitiesJson = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                LiftedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_restrictions", x => x.Id);
                table.ForeignKey("FK_restrictions_requests_RequestId", x => x.RequestId, "requests", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_restrictions_RequestId", "restrictions", "RequestId");
        migrationBuilder.CreateIndex("IX_restrictions_TenantId", "restrictions", "TenantId");

        migrationBuilder.CreateTable(
            name: "deferred_erasures",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                Datastore = table.Column<string>(maxLength: 200, nullable: false),
                Due = table.Column<DateOnly>(nullable: false),
                RowsJson = table.Column<string>(nullable: false),
                Rule = table.Column<string>(maxLength: 100, nullable: false),
                LegalReference = table.Column<string>(maxLength: 200, nullable: true),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                LeasedUntil = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(nullable: true),
                CompletedAt = table.Column<DateTime>(nullable: true),
                OutcomeJson = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_deferred_erasures", x => x.Id);
                table.ForeignKey("FK_deferred_erasures_requests_RequestId", x => x.RequestId, "requests", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_deferred_erasures_CompletedAt_Due", "deferred_erasures", ["CompletedAt", "Due"]);
        migrationBuilder.CreateIndex("IX_deferred_erasures_RequestId", "deferred_erasures", "RequestId");

        migrationBuilder.CreateTable(
            name: "tenant_secrets",
            columns: table => new
            {
                TenantId = table.Column<Guid>(nullable: false),
                HashKey = table.Column<byte[]>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_tenant_secrets", x => x.TenantId);
                table.ForeignKey("FK_tenant_secrets_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("tenant_secrets");
        migrationBuilder.DropTable("deferred_erasures");
        migrationBuilder.DropTable("restrictions");
        migrationBuilder.DropTable("request_steps");
        migrationBuilder.DropTable("requests");
    }
}
