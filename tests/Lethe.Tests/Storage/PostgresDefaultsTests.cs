using Lethe.Audit;
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

    [Theory]
    [InlineData("Host=db;Database=lethe", true)]
    [InlineData("Host=db;Database=lethe;No Reset On Close=false", false)]
    [InlineData("Host=db;Database=lethe;noresetonclose=false", false)]
    public void Pooled_connections_are_not_reset_unless_the_operator_says_otherwise(string connection, bool expected) =>
        new NpgsqlConnectionStringBuilder(PostgresDefaults.Apply(connection)).NoResetOnClose.ShouldBe(expected);

    // Without the reset, whatever a unit of work leaves on its session reaches the next one on that connection: the
    // audit append (the one lock Lethe takes) must leave no lock, setting, role, listener, temporary table, cursor or
    // hand-made prepared statement behind once it has committed.
    [Fact]
    public async Task Work_on_a_pooled_connection_leaves_no_session_state_behind()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var tenant = await db.CreateTenantAsync("tenant-a");
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        await context.Database.OpenConnectionAsync();
        var entries = () => context.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM audit_entries").SingleAsync();
        var before = await entries();

        await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(
            new AuditEvent(AuditActor.System, AuditActions.TenantCreated, tenant.Id, $"tenant:{tenant.Slug}"), default);

        var left = await context.Database.SqlQueryRaw<int>("""
            SELECT ((SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())
                  + (SELECT count(*) FROM pg_settings WHERE source = 'session')
                  + (SELECT count(*) FROM pg_listening_channels())
                  + (SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema())
                  + (SELECT count(*) FROM pg_cursors WHERE name <> '') -- the unnamed one is this query's own portal
                  + (SELECT count(*) FROM pg_prepared_statements WHERE from_sql)
                  + (CASE WHEN current_user = session_user THEN 0 ELSE 1 END))::int AS "Value"
            """).SingleAsync();
        left.ShouldBe(0);
        (await entries()).ShouldBe(before + 1);
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
