using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lethe.Storage.Migrations;

/// <summary>Tenants, resellers, people and roles, API keys, the audit log and the data protection key ring.</summary>
/// <remarks>
/// Hand-written: the EF design-time package is not available here. One migration serves both providers; column types
/// are left to each provider's mapping of the CLR type. A test proves the result equals the model on both.
/// </remarks>
[DbContext(typeof(LetheDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 200, nullable: true),
                MustChangePassword = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_users", x => x.Id));

        migrationBuilder.CreateTable(
            name: "resellers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                ContactEmail = table.Column<string>(maxLength: 256, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_resellers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "audit_entries",
            columns: table => new
            {
                Sequence = table.Column<long>(nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                ActorKind = table.Column<string>(maxLength: 16, nullable: false),
                ActorId = table.Column<string>(maxLength: 64, nullable: true),
                ActorName = table.Column<string>(maxLength: 256, nullable: true),
                TenantId = table.Column<Guid>(nullable: true),
                Action = table.Column<string>(maxLength: 64, nullable: false),
                Target = table.Column<string>(maxLength: 200, nullable: true),
                Details = table.Column<string>(nullable: false),
                PreviousHash = table.Column<string>(maxLength: 64, nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_audit_entries", x => x.Sequence));

        migrationBuilder.CreateTable(
            name: "audit_head",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Sequence = table.Column<long>(nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_audit_head", x => x.Id));

        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = table.Column<string>(maxLength: 200, nullable: false),
                Xml = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_data_protection_keys", x => x.Id));

        migrationBuilder.CreateTable(
            name: "user_claims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_claims", x => x.Id);
                table.ForeignKey("FK_user_claims_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_logins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_logins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_user_logins_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_tokens",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_tokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_user_tokens_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "tenants",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Slug = table.Column<string>(maxLength: 40, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Country = table.Column<string>(maxLength: 8, nullable: false),
                RegistrationNumber = table.Column<string>(maxLength: 40, nullable: false),
                Address = table.Column<string>(maxLength: 400, nullable: false),
                ContactEmail = table.Column<string>(maxLength: 256, nullable: false),
                SupervisoryAuthority = table.Column<string>(maxLength: 200, nullable: false),
                ResellerId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_tenants", x => x.Id);
                table.ForeignKey("FK_tenants_resellers_ResellerId", x => x.ResellerId, "resellers", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Scopes = table.Column<string>(maxLength: 400, nullable: false),
                SecretHash = table.Column<string>(maxLength: 64, nullable: false),
                Hint = table.Column<string>(maxLength: 8, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: true),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                RevokedAt = table.Column<DateTime>(nullable: true),
                LastUsedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_api_keys", x => x.Id);
                table.ForeignKey("FK_api_keys_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "role_assignments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<string>(nullable: false),
                Role = table.Column<string>(maxLength: 32, nullable: false),
                TenantId = table.Column<Guid>(nullable: true),
                ResellerId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_role_assignments", x => x.Id);
                table.ForeignKey("FK_role_assignments_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_role_assignments_resellers_ResellerId", x => x.ResellerId, "resellers", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_role_assignments_tenants_TenantId", x => x.TenantId, "tenants", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_api_keys_SecretHash", "api_keys", "SecretHash", unique: true);
        migrationBuilder.CreateIndex("IX_api_keys_TenantId", "api_keys", "TenantId");
        migrationBuilder.CreateIndex("IX_user_claims_UserId", "user_claims", "UserId");
        migrationBuilder.CreateIndex("IX_user_logins_UserId", "user_logins", "UserId");
        migrationBuilder.CreateIndex("EmailIndex", "users", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "users", "NormalizedUserName", unique: true);
        migrationBuilder.CreateIndex("IX_audit_entries_OccurredAt", "audit_entries", "OccurredAt");
        migrationBuilder.CreateIndex("IX_audit_entries_TenantId_Sequence", "audit_entries", ["TenantId", "Sequence"]);
        migrationBuilder.CreateIndex("IX_role_assignments_ResellerId", "role_assignments", "ResellerId");
        migrationBuilder.CreateIndex("IX_role_assignments_TenantId", "role_assignments", "TenantId");
        migrationBuilder.CreateIndex(
            "IX_role_assignments_UserId_Role_TenantId_ResellerId", "role_assignments", ["UserId", "Role", "TenantId", "ResellerId"], unique: true);
        migrationBuilder.CreateIndex("IX_tenants_ResellerId", "tenants", "ResellerId");
        migrationBuilder.CreateIndex("IX_tenants_Slug", "tenants", "Slug", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[]
                 {
                     "role_assignments", "api_keys", "tenants", "user_tokens", "user_logins", "user_claims",
                     "data_protection_keys", "audit_head", "audit_entries", "resellers", "users",
                 })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
