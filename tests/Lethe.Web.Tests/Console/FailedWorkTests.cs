using System.Net;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// A request step that throws where nobody expected it is counted, given up on after the last attempt, red in
/// <c>/health/work</c> with the job named, and listed on the tenant's overview, where the officer tries it again.
/// </summary>
public sealed class FailedWorkTests : BrowserTest
{
    [Fact]
    public async Task A_step_that_keeps_throwing_is_seen_in_health_and_on_the_overview_and_runs_again_when_the_officer_tries_again()
    {
        var officer = await SignedInToDemoTenantAsync("dpo@flex4business.example", Role.PrivacyOfficer);
        Guid requestId;
        await using (var scope = Server.App.Services.CreateAsyncScope())
        {
            var tenant = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Tenants.SingleAsync(t => t.Slug == "flex4business");
            var created = await scope.ServiceProvider.GetRequiredService<RequestRegistration>().CreateAsync(tenant, AuditActor.System,
                new RequestInput(RequestType.Access.ToWire(), [new Identity("email", "no-one@example.dk")], IdentityCheck: "checked by the test"), default);
            requestId = created.Value!.Request.Id;
            (await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(tenant, AuditActor.System, requestId, default)).Succeeded.ShouldBeTrue();
        }

        var identities = await UpdateRequestAsync(requestId, "{not json");
        await RunWorkerAsync();
        var step = await StepAsync(requestId, "billing.db");
        step.Status.ShouldBe(StepStatus.Failed);
        step.Attempts.ShouldBe(1);

        // The last attempt, made due now: it fails again and the worker stops.
        var giveUpAfter = Server.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkerOptions>>().Value.GiveUpAfterAttempts;
        await UpdateStepAsync(step.Id, giveUpAfter - 1);
        await RunWorkerAsync();
        (await StepAsync(requestId, "billing.db")).Status.ShouldBe(StepStatus.GaveUp);

        var health = await Server.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "work");
        health.Status.ShouldBe(HealthStatus.Unhealthy);
        ((string[])health.Entries["work"].Data["jobs"]).ShouldContain($"request-step {step.Id}: given up after {giveUpAfter} attempt(s)");
        health.Entries["work"].Description!.ShouldContain($"request-step {step.Id} given up after {giveUpAfter} attempt(s)");
        using (var anonymous = Server.Anonymous())
        {
            (await anonymous.GetAsync("/health/work")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        }

        await officer.GotoAsync("/t/flex4business");
        var row = officer.Locator("#work tr.job-requeststep");
        (await row.CountAsync()).ShouldBe(1);
        var text = await row.TextContentAsync() ?? "";
        text.ShouldContain("billing.db");
        text.ShouldContain("Given up");
        text.ShouldContain("unexpected error (JsonException)");
        await Screens.ShootAsync(officer, "overview-failed-work-en");
        await officer.SelectOptionAsync("#language", "da");
        await officer.ClickAsync("form.language button");
        var danish = await officer.Locator("#work").TextContentAsync() ?? "";
        danish.ShouldContain("Arbejde, der er gået galt og venter på dig");
        danish.ShouldContain("Opgivet");
        danish.ShouldContain("Prøv igen nu");
        danish.ShouldContain("uventet fejl (JsonException); serverens log har detaljerne");
        await Screens.ShootAsync(officer, "overview-failed-work-da");

        // The cause fixed, the officer tries again: the list empties and the step runs.
        await UpdateRequestAsync(requestId, identities);
        await officer.Locator("#work tr.job-requeststep button").ClickAsync();
        (await officer.Locator("#work tr.job-requeststep").CountAsync()).ShouldBe(0);
        await RunWorkerAsync();
        var done = await StepAsync(requestId, "billing.db");
        done.Status.ShouldBe(StepStatus.Done, done.LastError);
        await using var check = Server.App.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .CountAsync(a => a.Action == AuditActions.RequestStepRetried && a.Target == $"request:{requestId}" && a.ActorName == "dpo@flex4business.example")).ShouldBe(1);
    }

    private Task RunWorkerAsync() => Server.App.Services.GetRequiredService<RequestWorker>().RunDueAsync(default);

    private async Task<RequestStep> StepAsync(Guid requestId, string datastore)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RequestSteps.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(s => s.RequestId == requestId && s.Datastore == datastore);
    }

    /// <returns>The identities the request had before.</returns>
    private async Task<string> UpdateRequestAsync(Guid requestId, string identities)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var requests = scope.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.IgnoreQueryFilters().Where(r => r.Id == requestId);
        var before = await requests.Select(r => r.IdentitiesJson).SingleAsync();
        await requests.ExecuteUpdateAsync(u => u.SetProperty(r => r.IdentitiesJson, identities));
        return before;
    }

    private async Task UpdateStepAsync(Guid stepId, int attempts)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RequestSteps.IgnoreQueryFilters().Where(s => s.Id == stepId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Attempts, attempts).SetProperty(s => s.NextAttemptAt, (DateTime?)null));
    }
}
