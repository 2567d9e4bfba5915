using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A request's lifecycle: its status, channel, language and message, the identity check, approval, rejection and
/// assignee; the marketing suppression list objections feed; e-mail tokens, stored answers and the outbox. Requests registered before were being carried out already, so they start in progress (or completed).
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261125000000_RequestLifecycle")]
public sealed class RequestLifecycle : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Status", table: "requests", maxLength: 24, nullable: false, defaultValue: "in_progress");
        migrationBuilder.AddColumn<string>(name: "Channel", table: "requests", maxLength: 24, nullable: false, defaultValue: "api");
        migrationBuilder.AddColumn<string>(name: "Language", table: "requests", maxLength: 8, nullable: false, defaultValue: "en");
        migrationBuilder.AddColumn<string>(name: "Message", table: "requests", maxLength: 2000, nullable: true);
        migrationBuilder.AddColumn<string>(name: "Assignee", table: "requests", maxLength: 256, nullable: true);
        migrationBuilder.AddColumn<string>(name: "VerificationEvidence", table: "requests", maxLength: 2000, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "VerifiedAt", table: "requests", nullable: true);
        migrationBuilder.AddColumn<string>(name: "VerifiedBy", table: "requests", maxLength: 256, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "ApprovedAt", table: "requests", nullable: true);
        migrationBuilder.AddColumn<string>(name: "ApprovedBy", table: "requests", maxLength: 256, nullable: true);
        migrationBuilder.AddColumn<string>(name: "RejectionReason", table: "requests", maxLength: 2000, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "ClosedAt", table: "requests", nullable: true);
        migrationBuilder.AddColumn<int>(name: "ReminderStage", table: "requests", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<Guid>(name: "GroupId", table: "requests", nullable: true);
        migrationBuilder.CreateIndex("IX_requests_GroupId", "requests", "GroupId");
        migrationBuilder.CreateIndex("IX_requests_TenantId_Status", "requests", ["TenantId", "Status"]);
        migrationBuilder.AddColumn<bool>(name: "ControllerApproves", table: "tenants", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "StatusWebhookUrl", table: "tenants", maxLength: 1000, nullable: true);
        migrationBuilder.AddColumn<string>(name: "StatusWebhookSecret", table: "tenants", nullable: true);
        migrationBuilder.CreateTable(
            name: "request_status_events",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                Status = table.Column<string>(maxLength: 24, nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                Outcome = table.Column<string>(maxLength: 16, nullable: true),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                LeasedUntil = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 200, nullable: true),
                DeliveredAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_request_status_events", x => x.Id);
                table.ForeignKey("FK_request_status_events_requests_RequestId", x => x.RequestId, "requests", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_request_status_events_Outcome_NextAttemptAt", "request_status_events", ["Outcome", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_request_status_events_RequestId", "request_status_events", "RequestId");
        migrationBuilder.CreateTable(
            name: "suppression_entries",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                Kind = table.Column<string>(maxLength: 8, nullable: false),
                Reason = table.Column<string>(maxLength: 16, nullable: false),
                RequestId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_suppression_entries", x => x.Id);
                table.ForeignKey("FK_suppression_entries_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_suppression_entries_TenantId_Hash", "suppression_entries", ["TenantId", "Hash"], unique: true);
        migrationBuilder.CreateTable(
            name: "request_tokens",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                Purpose = table.Column<string>(maxLength: 16, nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                UsedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_request_tokens", x => x.Id);
                table.ForeignKey("FK_request_tokens_requests_RequestId", x => x.RequestId, "requests", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_request_tokens_Hash", "request_tokens", "Hash", unique: true);
        migrationBuilder.CreateIndex("IX_request_tokens_RequestId", "request_tokens", "RequestId");

        migrationBuilder.CreateTable(
            name: "stored_answers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: false),
                Path = table.Column<string>(maxLength: 400, nullable: false),
                Key = table.Column<byte[]>(nullable: true),
                Size = table.Column<long>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                Downloads = table.Column<int>(nullable: false),
                DeletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_stored_answers", x => x.Id);
                table.ForeignKey("FK_stored_answers_requests_RequestId", x => x.RequestId, "requests", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_stored_answers_RequestId", "stored_answers", "RequestId", unique: true);
        migrationBuilder.CreateIndex("IX_stored_answers_DeletedAt_ExpiresAt", "stored_answers", ["DeletedAt", "ExpiresAt"]);

        migrationBuilder.CreateTable(
            name: "outbox_messages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                RequestId = table.Column<Guid>(nullable: true),
                Template = table.Column<string>(maxLength: 32, nullable: false),
                Language = table.Column<string>(maxLength: 8, nullable: false),
                ProtectedTo = table.Column<string>(nullable: true),
                Subject = table.Column<string>(maxLength: 300, nullable: false),
                ProtectedBody = table.Column<string>(nullable: true),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                LeasedUntil = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 200, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                SentAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_outbox_messages", x => x.Id);
                table.ForeignKey("FK_outbox_messages_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_outbox_messages_Status_NextAttemptAt", "outbox_messages", ["Status", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_outbox_messages_RequestId", "outbox_messages", "RequestId");
        migrationBuilder.CreateIndex("IX_outbox_messages_TenantId", "outbox_messages", "TenantId");

        migrationBuilder.Sql("UPDATE requests SET \"Status\" = 'completed', \"ClosedAt\" = \"CompletedAt\" WHERE \"CompletedAt\" IS NOT NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("outbox_messages");
        migrationBuilder.DropTable("stored_answers");
        migrationBuilder.DropTable("request_tokens");
        migrationBuilder.DropTable("suppression_entries");
        migrationBuilder.DropTable("request_status_events");
        migrationBuilder.DropColumn(name: "StatusWebhookSecret", table: "tenants");
        migrationBuilder.DropColumn(name: "StatusWebhookUrl", table: "tenants");
        migrationBuilder.DropColumn(name: "ControllerApproves", table: "tenants");
        migrationBuilder.DropIndex("IX_requests_GroupId", "requests");
        migrationBuilder.DropIndex("IX_requests_TenantId_Status", "requests");
        foreach (var column in new[]
        {
            "GroupId", "ReminderStage", "ClosedAt", "RejectionReason", "ApprovedBy", "ApprovedAt", "VerifiedBy", "VerifiedAt", "VerificationEvidence", "Assignee", "Message",
            "Language", "Channel", "Status",
        })
        {
            migrationBuilder.DropColumn(name: column, table: "requests");
        }
    }
}
