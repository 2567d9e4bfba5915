using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Processors;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Processors;

/// <summary>Builders for a processor tenant and the customer tenants it serves.</summary>
public static class ProcessorTenants
{
    /// <summary>A sample's data map with every environment reference pointing at a variable nobody sets, as the tests may use.</summary>
    public static string SampleYaml(string sample) =>
        System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", sample, "manifest.yaml")),
            "env:(?!LETHE_TEST_)([A-Z0-9_]+)", m => $"env:LETHE_TEST_UNSET_{m.Groups[1].Value}");

    public static async Task<Outcome> ImportAsync(this TestDatabase db, Tenant tenant, string yaml)
    {
        await using var scope = db.Scope();
        var imported = await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "manifest.yaml", default);
        imported.Succeeded.ShouldBeTrue(imported.Failure?.ToString());
        return new Outcome(imported.Value.Revision.Revision);
    }

    /// <summary>A customer tenant with its own contact address, served by <paramref name="processor"/> (or by none).</summary>
    public static async Task<Tenant> CustomerAsync(this TestDatabase db, string slug, Tenant? processor)
    {
        var tenant = await db.CreateTenantAsync(slug);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        await context.Tenants.Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ContactEmail, $"contact@{slug}.example"));
        if (processor is not null)
        {
            var set = await scope.ServiceProvider.GetRequiredService<ServedByCommands>().SetAsync(Access.Operator, AuditActor.System, tenant, processor.Slug, default);
            set.Succeeded.ShouldBeTrue(set.Failure?.ToString());
        }

        return await context.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant.Id);
    }

    public sealed record Outcome(int Revision);
}
