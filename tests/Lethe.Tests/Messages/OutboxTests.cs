using Lethe.Audit;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Messages;

/// <summary>The outbox over a real SMTP conversation: delivered when the server takes it, retried with backoff while it does not.</summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task A_message_the_server_refuses_is_retried_with_backoff_then_delivered_over_SMTP_and_erased()
    {
        using var sink = new SmtpSink { Refusing = true };
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, clock);
        var tenant = await db.CreateTenantAsync();
        var options = Options.Create(new MailOptions { SmtpHost = "127.0.0.1", SmtpPort = sink.Port, SmtpStartTls = false, From = "Flexfone <privacy@flexfone.example>" });
        var worker = new OutboxWorker(db.Services.GetRequiredService<IServiceScopeFactory>(), new SmtpTransport(options.Value), options,
            db.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), clock, NullLogger<OutboxWorker>.Instance);
        await using (var scope = db.Scope())
        {
            scope.ServiceProvider.GetRequiredService<Outbox>().Queue(tenant.Id, null, "ida@example.dk", MessageTemplates.Rejected, "da", new Dictionary<string, string>
            {
                ["org"] = "Flexfone A/S", ["type"] = "sletning", ["reason"] = "Vi kunne ikke bekræfte din identitet.", ["authority"] = "Datatilsynet",
                ["due"] = "", ["status_link"] = "https://lethe.test/p/x/status/T", ["expires"] = "",
            });
            await scope.ServiceProvider.GetRequiredService<LetheDbContext>().SaveChangesAsync();
        }

        (await worker.RunDueAsync(default)).ShouldBe(1);
        (await worker.RunDueAsync(default)).ShouldBe(0);
        sink.Messages.ShouldBeEmpty();
        clock.Advance(TimeSpan.FromMinutes(2));
        sink.Refusing = false;
        (await worker.RunDueAsync(default)).ShouldBe(1);

        var (from, to, data) = sink.Messages.Single();
        from.ShouldBe("<privacy@flexfone.example>");
        to.ShouldBe(["<ida@example.dk>"]);
        data.ShouldContain("Content-Language: da");
        data.ShouldContain($"Reply-To: {tenant.Name} <{tenant.ContactEmail}>");
        await using var check = db.Scope();
        var context = check.ServiceProvider.GetRequiredService<LetheDbContext>();
        var message = await context.OutboxMessages.IgnoreQueryFilters().SingleAsync();
        message.ShouldSatisfyAllConditions(
            m => m.Status.ShouldBe(MessageStatus.Sent),
            m => m.Attempts.ShouldBe(2),
            m => m.ProtectedTo.ShouldBeNull(),
            m => m.ProtectedBody.ShouldBeNull());
        (await context.AuditEntries.IgnoreQueryFilters().Select(a => a.Action).ToListAsync()).ShouldContain(AuditActions.MessageFailed);
        (await context.AuditEntries.IgnoreQueryFilters().Where(a => a.Action.StartsWith("message.")).Select(a => a.Details).ToListAsync())
            .ShouldAllBe(d => !d.Contains("ida@example.dk"));
    }
}
