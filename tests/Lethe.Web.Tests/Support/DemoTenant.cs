using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.DataMap;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Support;

/// <summary>The demo tenant the first run makes (flex4business), an API key for it, and its demo billing database.</summary>
public sealed record DemoTenant(TestDatabase Database, Tenant Tenant, string Key)
{
    public const string Slug = "flex4business";

    /// <summary>The processor the demo forwards a request on its billing data to: a manual step an agent closes.</summary>
    public const string Nets = "Nets Denmark A/S";

    public string Requests => $"/api/v1/tenants/{Tenant.Slug}/requests";

    /// <param name="scopes">The API key's scopes; <c>requests:write</c> when none are given.</param>
    public static async Task<DemoTenant> OpenAsync(LetheServer server, params string[] scopes)
    {
        Tenant demo;
        await using (var scope = server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync(Slug, default))!;
        }

        var key = await server.Database.IssueKeyAsync(demo, scopes.Length == 0 ? ["requests:write"] : scopes);
        return new DemoTenant(server.Database, demo, key.Secret);
    }

    public HttpClient Api(LetheServer server) => server.WithApiKey(Key);

    /// <summary>A value of the first customer in the demo's billing database.</summary>
    public async Task<string> BillingAsync(string column)
    {
        var file = Path.Combine(Database.Settings.DataDirectory, Lethe.Connectors.OwnStore.DatastoreFolder, Tenant.Slug, "billing-db.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand($"SELECT \"{column}\" FROM customers ORDER BY id LIMIT 1", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>An access request a controller registered with the identity checked, so it waits only for approval.</summary>
    public async Task<Guid> RegisterAsync(LetheServer server, string identity, string value)
    {
        using var api = Api(server);
        var created = await api.PostAsJsonAsync(Requests, new
        {
            type = "access", identities = new[] { new { type = identity, value } }, channel = "controller", identityCheck = "signed in to the customer portal",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    public async Task<int> PackagesAsync(Guid id)
    {
        await using var scope = Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().StoredAnswers.IgnoreQueryFilters().CountAsync(a => a.RequestId == id);
    }

    /// <summary>The request's manual task (not a forwarded step) once the worker has set it waiting for a person.</summary>
    public async Task<Guid?> WaitingTaskAsync(Guid id)
    {
        await using var scope = Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RequestSteps.IgnoreQueryFilters()
            .Where(s => s.RequestId == id && s.Connector == DatastoreKind.Manual && s.Status == StepStatus.Waiting && s.ForwardedTo == null)
            .Select(s => (Guid?)s.Id).SingleOrDefaultAsync();
    }

    /// <summary>Waits until the request's manual task waits for a person, and returns it.</summary>
    public async Task<Guid> TaskWaitingAsync(Guid id, TimeSpan within) =>
        await Eventually.ReachedAsync(() => WaitingTaskAsync(id), t => t is not null, $"the manual task of request {id} waiting for a person", within)
        // Reached only once it is not null.
        ?? throw new InvalidOperationException("Unreachable.");

    /// <summary>Closes a waiting step through the API of <paramref name="server"/>, as an agent would.</summary>
    public async Task CompleteStepAsync(LetheServer server, Guid id, Guid step, string note)
    {
        using var api = Api(server);
        (await api.PostAsJsonAsync($"{Requests}/{id}/steps/{step}/complete", new { note })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Closes the request's step forwarded to Nets, which receives the billing data, through the API of <paramref name="server"/>.</summary>
    public async Task ConfirmForwardedAsync(LetheServer server, Guid id)
    {
        Guid nets;
        await using (var scope = Database.Scope())
        {
            nets = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RequestSteps.IgnoreQueryFilters()
                .Where(s => s.RequestId == id && s.ForwardedTo == Nets && s.Status == StepStatus.Waiting).Select(s => s.Id).SingleAsync();
        }

        await CompleteStepAsync(server, id, nets, "Nets confirmed.");
    }

    public async Task<List<MessageStatus>> CompletedMailsAsync(Guid id)
    {
        await using var scope = Database.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.RequestId == id && m.Template == MessageTemplates.Completed).Select(m => m.Status).ToListAsync();
    }
}
