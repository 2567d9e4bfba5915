using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// Sign-in pauses per account and client address (<c>Lethe.Accounts.SignInLockout</c>) in place of Identity's
/// account-wide lockout, which is turned off for everyone; and the outbox carries Lethe's own mails to console users,
/// which belong to no tenant.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261203000000_SignInLocks")]
public sealed class SignInLocks : Migration
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "sign_in_locks",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                Client = table.Column<string>(maxLength: 64, nullable: false),
                Failures = table.Column<int>(nullable: false),
                LastFailureAt = table.Column<DateTime>(nullable: false),
                LockedUntil = table.Column<DateTime>(nullable: true),
                UnlockTokenHash = table.Column<string>(maxLength: 64, nullable: true),
                UnlockExpiresAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_sign_in_locks", x => new { x.UserId, x.Client });
                table.ForeignKey("FK_sign_in_locks_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_sign_in_locks_UnlockTokenHash", "sign_in_locks", "UnlockTokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_sign_in_locks_LastFailureAt", "sign_in_locks", "LastFailureAt");

        migrationBuilder.Sql("UPDATE users SET \"LockoutEnabled\" = FALSE, \"LockoutEnd\" = NULL, \"AccessFailedCount\" = 0");

        if (migrationBuilder.ActiveProvider == Sqlite)
        {
            RebuildOutboxOnSqlite(migrationBuilder, tenantNullable: true);
        }
        else
        {
            migrationBuilder.AlterColumn<Guid>(name: "TenantId", table: "outbox_messages", nullable: true, oldClrType: typeof(Guid), oldNullable: false);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DELETE FROM outbox_messages WHERE \"TenantId\" IS NULL");
        if (migrationBuilder.ActiveProvider == Sqlite)
        {
            RebuildOutboxOnSqlite(migrationBuilder, tenantNullable: false);
        }
        else
        {
            migrationBuilder.AlterColumn<Guid>(name: "TenantId", table: "outbox_messages", nullable: false, oldClrType: typeof(Guid), oldNullable: true);
        }

        migrationBuilder.Sql("UPDATE users SET \"LockoutEnabled\" = TRUE");
        migrationBuilder.DropTable("sign_in_locks");
    }

    /// <summary>
    /// SQLite cannot change a column's nullability, and EF Core rebuilds a table only from a model these hand-written
    /// migrations do not carry: so the table is rebuilt here, as SQLite documents it (the old one is renamed first, so
    /// the new one's key and index names are free).
    /// </summary>
    private static void RebuildOutboxOnSqlite(MigrationBuilder migrationBuilder, bool tenantNullable)
    {
        const string columns = "\"Id\", \"TenantId\", \"RequestId\", \"Template\", \"Language\", \"ProtectedTo\", \"Subject\", \"ProtectedBody\", " +
                               "\"Status\", \"Attempts\", \"NextAttemptAt\", \"LeasedUntil\", \"LastError\", \"CreatedAt\", \"SentAt\"";
        migrationBuilder.RenameTable("outbox_messages", newName: "outbox_messages_old");
        migrationBuilder.CreateTable(
            name: "outbox_messages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: tenantNullable),
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
        migrationBuilder.Sql($"INSERT INTO outbox_messages ({columns}) SELECT {columns} FROM outbox_messages_old");
        migrationBuilder.DropTable("outbox_messages_old");
        migrationBuilder.CreateIndex("IX_outbox_messages_Status_NextAttemptAt", "outbox_messages", ["Status", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_outbox_messages_RequestId", "outbox_messages", "RequestId");
        migrationBuilder.CreateIndex("IX_outbox_messages_TenantId", "outbox_messages", "TenantId");
    }
}
