using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.Storage;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Connectors;

/// <summary>A tenant keeps its datastores' connection strings in Lethe: encrypted, never shown, reachable by that tenant alone.</summary>
public sealed class DatastoreSecretsTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_secret_connects_the_tenants_datastore_is_stored_encrypted_and_no_other_tenant_reaches_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("shop");
        var other = await db.CreateTenantAsync("other");
        var erp = await DemoStore.BuildAsync(provider, "small-business", "erp", people: 4);
        var yaml = (await File.ReadAllTextAsync(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", "small-business", "manifest.yaml")))
            .Replace("env:ERP_DATABASE", "secret:erp", StringComparison.Ordinal);
        await using (var scope = db.Scope())
        {
            var secrets = scope.ServiceProvider.GetRequiredService<DatastoreSecrets>();
            (await secrets.SetAsync(tenant, AuditActor.System, "erp", Value(erp), default)).Succeeded.ShouldBeTrue();
            var dataMap = scope.ServiceProvider.GetRequiredService<DataMapCommands>();
            (await dataMap.ImportAsync(tenant, AuditActor.System, yaml, "shop.yaml", default)).Succeeded.ShouldBeTrue();
        }

        await using (var scope = db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(other, AuditActor.System, yaml, "other.yaml", default)).Succeeded.ShouldBeTrue();
        }

        await using var read = db.Scope();
        var lethe = read.ServiceProvider.GetRequiredService<LetheDbContext>();
        var stored = await lethe.DatastoreSecrets.IgnoreQueryFilters().SingleAsync(s => s.TenantId == tenant.Id);
        stored.Protected.ShouldNotContain(Value(erp));
        stored.Protected.ShouldNotContain("Data Source");
        (await read.ServiceProvider.GetRequiredService<DatastoreSecrets>().ListAsync(tenant, default)).Single().Name.ShouldBe("erp");
        var connections = read.ServiceProvider.GetRequiredService<DatastoreConnections>();

        var email = (string)(await erp.QueryAsync("SELECT email FROM customers ORDER BY id")).First()[0]!;
        if (provider == DatabaseProvider.Sqlite)
        {
            // A tenant's SQLite database is a file of its folder (data:), never a path the tenant types.
            Should.Throw<DatastoreProblem>(() => connections.ForTenantAsync(lethe, tenant.Id, default).Result.ConnectionString("secret:erp", "erp.db"))
                .Message.ShouldContain("data:FILE");
            return;
        }

        (await connections.ForTenantAsync(lethe, tenant.Id, default)).ConnectionString("secret:erp", "erp.db").ShouldBe(Value(erp));
        var rows = 0;
        var counts = await (await connections.ForTenantAsync(lethe, tenant.Id, default)).Sql(erp.Manifest, erp.Name, erp.Store with { Connection = "secret:erp", Kind = erp.Kind })
            .ReadAsync([new Identity("email", email)], _ => { rows++; return ValueTask.CompletedTask; }, default);
        counts["customers"].ShouldBe(1);
        rows.ShouldBeGreaterThan(1);

        var theirs = await connections.ForTenantAsync(lethe, other.Id, default);
        Should.Throw<DatastoreProblem>(() => theirs.ConnectionString("secret:erp", "erp.db")).Message.ShouldContain("not set");
    }

    /// <summary>The test server trusts local connections; a tenant's string must still carry a password of its own.</summary>
    private static string Value(DemoStore store) => store.Provider == DatabaseProvider.Postgres ? store.ConnectionString + ";Password=unused-under-trust" : store.ConnectionString;

    [Theory]
    [InlineData("", "x", "name")]
    [InlineData("1abc", "x", "name")]
    [InlineData("a/b", "x", "name")]
    [InlineData("ok", "", "value")]
    [InlineData("ok", "a\0b", "value")]
    public async Task A_bad_name_or_value_is_refused_and_nothing_is_stored(string name, string value, string field)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var tenant = await db.CreateTenantAsync("shop");
        await using var scope = db.Scope();
        var secrets = scope.ServiceProvider.GetRequiredService<DatastoreSecrets>();

        var set = await secrets.SetAsync(tenant, AuditActor.System, name, value, default);

        set.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldContain(field);
        (await secrets.ListAsync(tenant, default)).ShouldBeEmpty();
    }
}
