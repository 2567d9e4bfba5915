using System.Net;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>A step stopped by a datastore that no longer matches the data map says so in the reader's language; the API keeps its English.</summary>
public sealed class StepErrorLanguageTests : ServerPerTest
{
    [Theory]
    [InlineData("da", "billing.db passer ikke med datakortet: kolonnen invoices.paid_at står i manifestet, men findes ikke i databasen")]
    [InlineData("nb", "billing.db stemmer ikke med datakartet: kolonnen invoices.paid_at står i manifestet, men finnes ikke i databasen")]
    [InlineData("en", "billing.db does not match the data map: the column invoices.paid_at is in the manifest but not in the database")]
    public async Task The_request_page_and_the_requests_list_say_the_steps_problem_in_the_readers_language(string language, string said)
    {
        var english = DatastoreMessages.NotMatching("billing.db", DatastoreMessages.ColumnMissing("invoices.paid_at"));
        Guid requestId;
        await using (var scope = Server.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var tenant = await db.Tenants.SingleAsync(t => t.Slug == "flex4business");
            var created = await scope.ServiceProvider.GetRequiredService<RequestRegistration>().CreateAsync(tenant, AuditActor.System,
                new RequestInput(RequestType.Access.ToWire(), [new Identity("email", "no-one@example.dk")], IdentityCheck: "checked by the test"), default);
            requestId = created.Value!.Request.Id;
            (await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(tenant, AuditActor.System, requestId, default)).Succeeded.ShouldBeTrue();
            await db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == requestId && s.Datastore == "billing.db")
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastError, english).SetProperty(s => s.Attempts, 1).SetProperty(s => s.Status, StepStatus.Failed));
        }

        await Server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, await Server.DemoTenantAsync());
        using var client = await Server.SignInAsync("dpo@flex4business.example");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/t/flex4business/requests/{requestId}"));
        page.ShouldContain($"<p class=\"error\">{said}</p>");

        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/t/flex4business/requests"));
        list.ShouldContain($"<td>{said}</td>");
    }
}
