using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lethe.Tests.Storage;

public sealed class PostgresDefaultsTests
{
    [Theory]
    [InlineData("Host=db;Database=lethe", PostgresDefaults.MaxAutoPrepare)]
    [InlineData("Host=db;Database=lethe;Max Auto Prepare=10", 10)]
    [InlineData("Host=db;Database=lethe;MaxAutoPrepare=0", 0)]
    [InlineData("Host=db;Database=lethe;max auto prepare=0", 0)]
    public void Statements_are_prepared_automatically_unless_the_operator_says_otherwise(string connection, int expected)
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresDefaults.Apply(connection));

        applied.MaxAutoPrepare.ShouldBe(expected);
        applied.Host.ShouldBe("db");
        applied.Database.ShouldBe("lethe");
    }

    [Fact]
    public async Task Lethes_own_queries_are_prepared_on_PostgreSQL()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var tenant = await db.CreateTenantAsync("tenant-a");
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        await context.Database.OpenConnectionAsync();

        for (var i = 0; i < 6; i++)
        {
            (await context.Tenants.CountAsync(t => t.Id == tenant.Id)).ShouldBe(1);
        }

        var prepared = await context.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
        prepared.ShouldContain(s => s.Contains("tenants", StringComparison.Ordinal));
    }
}
