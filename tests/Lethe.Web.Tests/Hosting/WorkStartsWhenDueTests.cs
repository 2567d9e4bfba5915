using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Lethe.Web.Hosting;
using Lethe.Web.Tests.Support;
using Lethe.Work;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// Work starts when it becomes due, not at the next timed round: with the round ten minutes away an approved request's
/// answer is stored within seconds; with two servers on one PostgreSQL an approval made on one is worked by either, each
/// piece of work once; and a server whose listening connection is cut hears the others again.
/// </summary>
public sealed class WorkStartsWhenDueTests
{
    /// <summary>Far beyond any wait below: whatever happens within it was started by the signal, not the timer.</summary>
    private static readonly Dictionary<string, string?> TenMinuteRound = new() { ["Lethe:Worker:IntervalSeconds"] = "600" };

    /// <summary>Generous for a busy 2-core machine; the work itself takes well under a second.</summary>
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(10);

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_approved_access_request_has_its_answer_stored_within_seconds_with_the_timed_round_ten_minutes_away(DatabaseProvider provider)
    {
        await using var server = await LetheServer.StartAsync(provider, configuration: TenMinuteRound);
        var demo = await DemoTenant.OpenAsync(server);
        var id = await demo.RegisterAsync(server, "customer_number", await demo.BillingAsync("customer_number"));

        var clock = Stopwatch.StartNew();
        (await demo.Api(server).PostAsync($"{demo.Requests}/{id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The billing data goes to Nets: an agent with Nets's confirmation in hand closes that step at once.
        await demo.ConfirmForwardedAsync(server, id);

        await EventuallyAsync(() => demo.PackagesAsync(id), n => n == 1, "the answer package stored");
        clock.Elapsed.ShouldBeLessThan(Seconds);
    }

    [Fact]
    public async Task Two_servers_on_one_PostgreSQL_work_an_approval_made_on_either_once()
    {
        await using var first = await LetheServer.StartAsync(DatabaseProvider.Postgres, configuration: TenMinuteRound);
        await using var second = await first.BesideAsync(TenMinuteRound);
        await ListeningAsync(first);
        await ListeningAsync(second);
        var demo = await DemoTenant.OpenAsync(first);
        // By e-mail the request also reaches the newsletter, which the demo turns into a task for a person.
        var id = await demo.RegisterAsync(first, "email", await demo.BillingAsync("email"));

        (await demo.Api(first).PostAsync($"{demo.Requests}/{id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var task = await EventuallyAsync(() => demo.WaitingTaskAsync(id), t => t is not null, "the newsletter task waiting for a person");
        await demo.ConfirmForwardedAsync(first, id);
        var clock = Stopwatch.StartNew();
        (await demo.Api(second).PostAsJsonAsync($"{demo.Requests}/{id}/steps/{task}/complete", new { note = "Removed from the list" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await EventuallyAsync(() => demo.CompletedMailsAsync(id), m => m.Count == 1 && m[0] == MessageStatus.Sent, "the answer's mail sent");
        clock.Elapsed.ShouldBeLessThan(Seconds);
        (await demo.PackagesAsync(id)).ShouldBe(1);
        await using var scope = first.Database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var steps = await db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == id).ToListAsync();
        steps.ShouldAllBe(s => s.Status == StepStatus.Done);
        steps.ShouldAllBe(s => s.Attempts <= 1, "each step run once, by one server");
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Target == $"request:{id}" && a.Action == AuditActions.RequestPackageStored)).ShouldBe(1);
        await using (var mail = second.Database.Scope())
        {
            // Everything the two servers were told is done: nothing left for a timed round.
            (await mail.ServiceProvider.GetRequiredService<LetheDbContext>().OutboxMessages.IgnoreQueryFilters().CountAsync(m => m.Status == MessageStatus.Queued)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_server_whose_listening_connection_is_cut_listens_again_and_says_so_meanwhile()
    {
        await using var server = await LetheServer.StartAsync(DatabaseProvider.Postgres, configuration: TenMinuteRound);
        var listener = server.App.Services.GetRequiredService<WorkListener>();
        var signal = server.App.Services.GetRequiredService<WorkSignal>();
        var before = await ListeningAsync(server);
        using var anonymous = server.Anonymous();
        var health = JsonDocument.Parse(await anonymous.GetStringAsync("/health/work")).RootElement.GetProperty("checks").GetProperty("work-listener");
        health.GetProperty("status").GetString().ShouldBe("Healthy");
        health.GetProperty("description").GetString().ShouldStartWith($"Listening on {WorkSignal.Channel} since");
        var database = new NpgsqlConnectionStringBuilder(server.Database.Settings.ConnectionString).Database!;

        await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
        try
        {
            await AdminAsync($"SELECT pg_terminate_backend({before.Backend})");
            await EventuallyAsync(() => Task.FromResult(listener.State), s => s.Status == ListenerStatus.Reconnecting && s.Failures >= 1, "reconnecting");
            var check = await ActivatorUtilities.CreateInstance<WorkListenerHealthCheck>(server.App.Services)
                .CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
            check.Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
            check.Description.ShouldNotBeNull().ShouldContain("Reconnecting");
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        var after = await ListeningAsync(server);
        after.Backend.ShouldNotBe(before.Backend);
        var pulses = signal.Pulses;
        await using (var other = new NpgsqlConnection(server.Database.Settings.ConnectionString))
        {
            // As another server announces work.
            await other.OpenAsync();
            await using var notify = new NpgsqlCommand($"NOTIFY {WorkSignal.Channel}, 'another server'", other);
            await notify.ExecuteNonQueryAsync();
        }

        await EventuallyAsync(() => Task.FromResult(signal.Pulses), p => p > pulses, "the notification heard");
    }

    private static Task<ListenerState> ListeningAsync(LetheServer server) =>
        EventuallyAsync(() => Task.FromResult(server.App.Services.GetRequiredService<WorkListener>().State), s => s.Status == ListenerStatus.Listening, "listening");

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > Seconds)
            {
                throw new ShouldAssertException($"Not {what} within {Seconds.TotalSeconds} s; last seen: {value}");
            }

            await Task.Delay(25);
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(TestDatabase.PostgresServer());
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The demo tenant the first run makes (flex4business), an API key for its requests, and its demo billing database.</summary>
    private sealed record DemoTenant(TestDatabase Database, Tenant Tenant, string Key)
    {
        public string Requests => $"/api/v1/tenants/{Tenant.Slug}/requests";

        public static async Task<DemoTenant> OpenAsync(LetheServer server)
        {
            Tenant demo;
            await using (var scope = server.Database.Scope())
            {
                demo = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync("flex4business", default))!;
            }

            return new DemoTenant(server.Database, demo, (await server.Database.IssueKeyAsync(demo, "requests:write")).Secret);
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

        public async Task<Guid?> WaitingTaskAsync(Guid id)
        {
            await using var scope = Database.Scope();
            return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RequestSteps.IgnoreQueryFilters()
                .Where(s => s.RequestId == id && s.Connector == DatastoreKind.Manual && s.Status == StepStatus.Waiting && s.ForwardedTo == null)
                .Select(s => (Guid?)s.Id).SingleOrDefaultAsync();
        }

        /// <summary>Closes the request's step forwarded to Nets, which receives the billing data, through the API of <paramref name="server"/>.</summary>
        public async Task ConfirmForwardedAsync(LetheServer server, Guid id)
        {
            Guid nets;
            await using (var scope = Database.Scope())
            {
                nets = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RequestSteps.IgnoreQueryFilters()
                    .Where(s => s.RequestId == id && s.ForwardedTo == "Nets Denmark A/S" && s.Status == StepStatus.Waiting).Select(s => s.Id).SingleAsync();
            }

            using var api = Api(server);
            (await api.PostAsJsonAsync($"{Requests}/{id}/steps/{nets}/complete", new { note = "Nets confirmed." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        public async Task<List<MessageStatus>> CompletedMailsAsync(Guid id)
        {
            await using var scope = Database.Scope();
            return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().OutboxMessages.IgnoreQueryFilters()
                .Where(m => m.RequestId == id && m.Template == MessageTemplates.Completed).Select(m => m.Status).ToListAsync();
        }
    }
}
