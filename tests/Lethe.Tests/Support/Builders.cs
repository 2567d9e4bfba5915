using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Support;

/// <summary>Test data builders: tenants, people and keys made through the real commands, so they are audited like the real thing.</summary>
public static class Builders
{
    private static int _counter;

    public static TenantInput DanishTenant(string? slug = null) => new()
    {
        Slug = slug ?? $"tenant-{Interlocked.Increment(ref _counter)}",
        Name = "Flexfone A/S",
        Country = "DK",
        RegistrationNumber = "42497762",
        Address = "Vestergade 1, 8000 Aarhus C",
        ContactEmail = "privacy@flexfone.example",
    };

    public static async Task<Tenant> CreateTenantAsync(this TestDatabase db, string? slug = null, Guid? resellerId = null)
    {
        await using var scope = db.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<TenantCommands>()
            .CreateAsync(Access.Operator, AuditActor.System, DanishTenant(slug) with { ResellerId = resellerId }, CancellationToken.None);
        return outcome.Value ?? throw new InvalidOperationException(outcome.Failure!.ToString());
    }

    public static async Task<RoleGranted> GrantAsync(this TestDatabase db, string email, Role role, Tenant? tenant = null, Guid? resellerId = null)
    {
        await using var scope = db.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<UserCommands>()
            .GrantAsync(Access.Operator, AuditActor.System, email, role, tenant, resellerId, CancellationToken.None);
        return outcome.Value ?? throw new InvalidOperationException(outcome.Failure!.ToString());
    }

    public static async Task<ApiKeyIssued> IssueKeyAsync(this TestDatabase db, Tenant tenant, params string[] scopes)
    {
        await using var scope = db.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ApiKeyCommands>()
            .IssueAsync(tenant, AuditActor.System, "test key", scopes, null, CancellationToken.None);
        return outcome.Value ?? throw new InvalidOperationException(outcome.Failure!.ToString());
    }

    /// <summary>Runs literal SQL (no parameters) against the database, e.g. to tamper with the audit log.</summary>
    /// <summary>
    /// An agent closes each request forwarded to a processor that still waits, as they do once the processor confirms:
    /// through <see cref="ManualTasks"/>, the command behind the console's button and the API. The steps closed.
    /// </summary>
    public static async Task<IReadOnlyList<RequestStep>> ConfirmForwardedAsync(this TestDatabase db, Tenant tenant, Guid requestId, string? noteToPerson = null)
    {
        await using var scope = db.Scope();
        var waiting = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RequestSteps.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.RequestId == requestId && s.Status == StepStatus.Waiting && s.ForwardedTo != null).Select(s => s.Id).ToListAsync();
        var closed = new List<RequestStep>();
        foreach (var step in waiting)
        {
            await using var task = db.Scope();
            var done = await task.ServiceProvider.GetRequiredService<ManualTasks>()
                .CompleteAsync(tenant, AuditActor.User("agent", "agent@lethe.test"), requestId, step, "The processor confirmed by e-mail.", noteToPerson, default);
            closed.Add(done.Value ?? throw new InvalidOperationException(done.Failure!.ToString()));
        }

        return closed;
    }

    public static async Task ExecuteSqlAsync(this TestDatabase db, string sql)
    {
        await using var scope = db.Scope();
        // A literal, not a format string: escape the braces of any JSON in it.
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(
            scope.ServiceProvider.GetRequiredService<Lethe.Storage.LetheDbContext>().Database,
            sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
    }

    public static async Task AppendAuditAsync(this TestDatabase db, int count, string action = "test.event")
    {
        for (var i = 0; i < count; i++)
        {
            await using var scope = db.Scope();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(
                new AuditEvent(AuditActor.System, action, Target: $"thing:{i}"), CancellationToken.None);
        }
    }
}
