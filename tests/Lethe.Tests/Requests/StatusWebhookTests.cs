using System.Text.Json;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>The tenant's own systems hear of every status a request reaches, signed, in order, retried until they answer.</summary>
public sealed class StatusWebhookTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Every_status_change_is_posted_signed_without_personal_data_and_retried_when_the_receiver_fails(DatabaseProvider provider)
    {
        var failing = true;
        using var receiver = new WebhookReceiver(_ => failing ? (500, "down") : (200, ""));
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 3);
        var employee = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        string secret;
        await using (var scope = f.Db.Scope())
        {
            var settings = scope.ServiceProvider.GetRequiredService<StatusWebhookSettings>();
            (await settings.SetAsync(f.Tenant, AuditActor.System, "ftp://nope", default)).Failure.ShouldBeOfType<InvalidInput>();
            secret = (await settings.SetAsync(f.Tenant, AuditActor.System, receiver.Url, default)).Value!;
        }

        var request = await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!));
        await f.RunWorkerAsync();
        // The PBX's data also reaches TDC: the request waits for its confirmation, which the agent then records.
        await f.ConfirmForwardedAsync(request.Request.Id);
        var webhooks = f.Db.Services.GetRequiredService<StatusWebhooks>();
        (await webhooks.RunDueAsync(default)).ShouldBe(4);
        receiver.Received.Count.ShouldBe(4);

        // Down: nothing is lost, each event waits for its next attempt.
        (await webhooks.RunDueAsync(default)).ShouldBe(0);
        failing = false;
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        (await webhooks.RunDueAsync(default)).ShouldBe(4);

        var delivered = receiver.Received.Skip(4).ToList();
        delivered.Select(j => JsonDocument.Parse(j.Body).RootElement.GetProperty("status").GetString())
            .ShouldBe(["verified", "in_progress", "awaiting_external", "completed"]);
        foreach (var job in delivered)
        {
            WebhookSignature.Verify(secret, job.Timestamp, job.Signature, job.Body, f.Clock.GetUtcNow()).ShouldBeNull();
            System.Text.Encoding.UTF8.GetString(job.Body).ShouldNotContain((string)employee[1]!);
            JsonDocument.Parse(job.Body).RootElement.GetProperty("requestId").GetGuid().ShouldBe(request.Request.Id);
            JsonDocument.Parse(job.Body).RootElement.GetProperty("type").GetString().ShouldBe("access");
        }

        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.RequestStatusEvents.IgnoreQueryFilters().Select(e => e.Outcome).ToListAsync()).ShouldAllBe(o => o == "sent");
            (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == AuditActions.StatusWebhookFailed)).ShouldBe(4);
            await scope.ServiceProvider.GetRequiredService<StatusWebhookSettings>().RemoveAsync(f.Tenant, AuditActor.System, default);
        }

        // Without a webhook, events are marked skipped rather than kept waiting.
        await f.CreateAsync(RequestType.Access, new Identity("extension", (string)employee[0]!), new Identity("full_name", (string)employee[1]!));
        (await webhooks.RunDueAsync(default)).ShouldBe(2);
        receiver.Received.Count.ShouldBe(8);
    }
}
