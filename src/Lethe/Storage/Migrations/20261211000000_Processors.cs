using System;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lethe.Storage.Migrations
{
    /// <summary>
    /// Processors and sub-processors (Art. 28): agreement documents, the customer tenant's link to the tenant serving it,
    /// sub-processor changes with each customer's notice and objection, and processor-to-controller breach notices.
    /// </summary>
    [DbContext(typeof(LetheDbContext))]
    [Migration("20261211000000_Processors")]
    public sealed class Processors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ServedBy",
                table: "tenants",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "agreement_documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    ProcessorKey = table.Column<string>(maxLength: 100, nullable: false),
                    FileName = table.Column<string>(maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(maxLength: 100, nullable: false),
                    Size = table.Column<long>(nullable: false),
                    Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(nullable: false),
                    UploadedAt = table.Column<DateTime>(nullable: false),
                    UploadedBy = table.Column<string>(maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreement_documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_agreement_documents_tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "controller_breach_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    ProcessorTenantId = table.Column<Guid>(nullable: false),
                    BreachId = table.Column<Guid>(nullable: false),
                    Language = table.Column<string>(maxLength: 8, nullable: false),
                    Markdown = table.Column<string>(nullable: false),
                    People = table.Column<long>(nullable: true),
                    Records = table.Column<long>(nullable: true),
                    Mailed = table.Column<int>(nullable: false),
                    SentAt = table.Column<DateTime>(nullable: false),
                    SentBy = table.Column<string>(maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_controller_breach_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_controller_breach_notices_breaches_BreachId",
                        column: x => x.BreachId,
                        principalTable: "breaches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_controller_breach_notices_tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sub_processor_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    ProcessorKey = table.Column<string>(maxLength: 100, nullable: false),
                    Name = table.Column<string>(maxLength: 200, nullable: false),
                    Location = table.Column<string>(maxLength: 100, nullable: false),
                    Replaces = table.Column<string>(maxLength: 200, nullable: true),
                    DataMapRevision = table.Column<int>(nullable: false),
                    OpenedAt = table.Column<DateTime>(nullable: false),
                    OpenedBy = table.Column<string>(maxLength: 256, nullable: true),
                    EffectiveAt = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sub_processor_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sub_processor_changes_tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sub_processor_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(nullable: false),
                    TenantId = table.Column<Guid>(nullable: false),
                    ChangeId = table.Column<Guid>(nullable: false),
                    ProcessorTenantId = table.Column<Guid>(nullable: false),
                    ProcessorKey = table.Column<string>(maxLength: 100, nullable: false),
                    Name = table.Column<string>(maxLength: 200, nullable: false),
                    Location = table.Column<string>(maxLength: 100, nullable: false),
                    Replaces = table.Column<string>(maxLength: 200, nullable: true),
                    OpenedAt = table.Column<DateTime>(nullable: false),
                    EffectiveAt = table.Column<DateTime>(nullable: false),
                    Mailed = table.Column<int>(nullable: false),
                    ObjectedAt = table.Column<DateTime>(nullable: true),
                    ObjectedBy = table.Column<string>(maxLength: 256, nullable: true),
                    Objection = table.Column<string>(maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sub_processor_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sub_processor_notices_sub_processor_changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "sub_processor_changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_sub_processor_notices_tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_tenants_ServedBy",
                table: "tenants",
                column: "ServedBy");

            migrationBuilder.CreateIndex(
                name: "IX_agreement_documents_TenantId_ProcessorKey_UploadedAt",
                table: "agreement_documents",
                columns: new[] { "TenantId", "ProcessorKey", "UploadedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_controller_breach_notices_BreachId_TenantId",
                table: "controller_breach_notices",
                columns: new[] { "BreachId", "TenantId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_controller_breach_notices_TenantId_SentAt",
                table: "controller_breach_notices",
                columns: new[] { "TenantId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sub_processor_changes_TenantId_OpenedAt",
                table: "sub_processor_changes",
                columns: new[] { "TenantId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sub_processor_notices_ChangeId_TenantId",
                table: "sub_processor_notices",
                columns: new[] { "ChangeId", "TenantId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sub_processor_notices_TenantId_OpenedAt",
                table: "sub_processor_notices",
                columns: new[] { "TenantId", "OpenedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_documents");

            migrationBuilder.DropTable(
                name: "controller_breach_notices");

            migrationBuilder.DropTable(
                name: "sub_processor_notices");

            migrationBuilder.DropTable(
                name: "sub_processor_changes");

            migrationBuilder.DropIndex(
                name: "IX_tenants_ServedBy",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "ServedBy",
                table: "tenants");
        }
    }
}
