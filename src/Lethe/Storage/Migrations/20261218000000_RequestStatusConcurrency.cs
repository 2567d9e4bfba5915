using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lethe.Storage.Migrations;

/// <summary>
/// A request's status became its concurrency token (Requests/DataRequestConfiguration.cs): every update of a request
/// says which status it was decided from, and is refused when the status moved meanwhile. Nothing changes in the
/// schema; the migration carries the model snapshot forward.
/// </summary>
[DbContext(typeof(LetheDbContext))]
[Migration("20261218000000_RequestStatusConcurrency")]
public sealed class RequestStatusConcurrency : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
