using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Support;

/// <summary>A tenant with the small-business sample's data map, its ERP pointed at a fresh SQLite demo database.</summary>
/// <param name="ErpVariable">The environment variable the tenant's data map reads the ERP's connection string from.</param>
public sealed record ShopTenant(Tenant Tenant, DemoStore Erp, string ErpVariable)
{
    public static async Task<ShopTenant> CreateAsync(LetheServer server, string slug)
    {
        var tenant = await server.Database.CreateTenantAsync(slug);
        var erp = await DemoStore.BuildAsync(DatabaseProvider.Sqlite, "small-business", "erp", people: 8);
        var variable = "LETHE_TEST_ERP_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, erp.ConnectionString);
        var yaml = (await File.ReadAllTextAsync(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", "small-business", "manifest.yaml")))
            .Replace("env:ERP_DATABASE", $"env:{variable}", StringComparison.Ordinal);
        await using var scope = server.Database.Scope();
        var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "manifest.yaml", default);
        imported.Succeeded.ShouldBeTrue();
        return new ShopTenant(tenant, erp, variable);
    }

    public async Task<string> CustomerNumberAsync() =>
        (string)(await Erp.QueryAsync("SELECT customer_number FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY id")).First()[0]!;
}
