using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Lethe.Audit;
using Lethe.Consent;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Lethe.Web.Hosting;
using Lethe.Web.Tests.Support;
using Lethe.Work;
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
        await using var servers = await TwoServers.StartAsync(TenMinuteRound, Seconds);
        var (first, second) = (servers.First, servers.Second);
        var demo = await DemoTenant.OpenAsync(first);
        // By e-mail the request also reaches the newsletter, which the demo turns into a task for a person.
        var id = await demo.RegisterAsync(first, "email", await demo.BillingAsync("email"));

        (await demo.Api(first).PostAsync($"{demo.Requests}/{id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var task = await demo.TaskWaitingAsync(id, Seconds);
        await demo.ConfirmForwardedAsync(first, id);
        var clock = Stopwatch.StartNew();
        await demo.CompleteStepAsync(second, id, task, "Removed from the list");

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
        // The consent log's listener (ConsentChanges) is cut too: the state cache stops answering and /health/work says so.
        var consent = server.App.Services.GetRequiredService<ConsentChanges>();
        var cache = server.App.Services.GetRequiredService<ConsentStateCache>();
        var consentBefore = await EventuallyAsync(() => Task.FromResult(consent.State), s => s.Status == ListenerStatus.Listening, "listening for consent changes");
        var consentHealth = JsonDocument.Parse(await anonymous.GetStringAsync("/health/work")).RootElement.GetProperty("checks").GetProperty("consent-listener");
        consentHealth.GetProperty("status").GetString().ShouldBe("Healthy");
        consentHealth.GetProperty("description").GetString().ShouldStartWith($"Listening on {ConsentChanges.Channel} since");
        // Trusted once its first ping has come back round the channel.
        (await EventuallyAsync(() => Task.FromResult(cache.Trusted), t => t, "the state cache answering")).ShouldBeTrue();
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

            await AdminAsync($"SELECT pg_terminate_backend({consentBefore.Backend})");
            await EventuallyAsync(() => Task.FromResult(consent.State), s => s.Status == ListenerStatus.Reconnecting && s.Failures >= 1, "reconnecting for consent changes");
            cache.Trusted.ShouldBeFalse();
            var consentCheck = await ActivatorUtilities.CreateInstance<ConsentListenerHealthCheck>(server.App.Services)
                .CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
            consentCheck.Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
            consentCheck.Description.ShouldNotBeNull().ShouldContain("every consent state read asks the database");
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        var after = await ListeningAsync(server);
        after.Backend.ShouldNotBe(before.Backend);
        (await EventuallyAsync(() => Task.FromResult(consent.State), s => s.Status == ListenerStatus.Listening, "listening for consent changes again"))
            .Backend.ShouldNotBe(consentBefore.Backend);
        // Trusted once its first ping has come back round the channel.
        (await EventuallyAsync(() => Task.FromResult(cache.Trusted), t => t, "the state cache answering")).ShouldBeTrue();
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

    private static Task<ListenerState> ListeningAsync(LetheServer server) => server.ListeningAsync(Seconds);

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) => Eventually.ReachedAsync(read, done, what, Seconds);

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(TestDatabase.PostgresServer());
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
