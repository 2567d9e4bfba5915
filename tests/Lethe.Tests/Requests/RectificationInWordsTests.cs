using Lethe.Audit;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>
/// A person asks in the privacy centre, in their own words, to have their name corrected. Nothing changes in the
/// shop's billing database until an agent has recorded exactly what is corrected; then the engine corrects it.
/// </summary>
public sealed class RectificationInWordsTests
{
    private static readonly AuditActor Agent = new("user", null, "agent@shop.example");

    private static async Task<(RequestFixture F, string Email, long Id, Guid Request)> FiledAndVerifiedAsync(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 5);
        var row = (await f.Store.QueryAsync("SELECT id, email FROM customers ORDER BY id")).First();
        var email = (string)row[1]!;
        Guid id;
        await using (var scope = f.Db.Scope())
        {
            var filed = await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().FileAsync(f.Tenant, [RequestType.Rectification.ToWire()], email, [], "da",
                null, new Correction("Mit navn er stavet forkert", "Ida Rettet Hansen"), default);
            filed.Succeeded.ShouldBeTrue(filed.Failure?.Detail);
            id = filed.Value[0];
        }

        var code = Mailbox.Link((await Mailbox.DeliverAndReadAsync(f.Db, email)).Single(), "/verify/").Split('?')[0].Split('/')[^1];
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().VerifyAsync(f.Tenant, code, default)).Succeeded.ShouldBeTrue();
        }

        return (f, email, Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture), id);
    }

    private static async Task<T> WithAsync<T>(RequestFixture f, Func<RequestLifecycle, Task<T>> act)
    {
        await using var scope = f.Db.Scope();
        return await act(scope.ServiceProvider.GetRequiredService<RequestLifecycle>());
    }

    private static async Task<string?> NameAsync(RequestFixture f, long id) =>
        (string?)(await f.Store.QueryAsync($"SELECT name FROM customers WHERE id = {id}")).Single()[0];

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_agent_records_the_exact_value_and_only_then_the_engine_corrects_it(DatabaseProvider provider)
    {
        var (f, _, customer, id) = await FiledAndVerifiedAsync(provider);
        var before = await NameAsync(f, customer);
        var filed = (await f.FindAsync(id)).Request;
        filed.Correction!.Wanted.ShouldBe("Ida Rettet Hansen");
        filed.AwaitsCorrection.ShouldBeTrue();

        var early = await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, id, default));
        early.Failure.ShouldBeOfType<Conflict>().Detail.ShouldBe(DataRequest.NeedsConfirmedCorrection);
        (await f.FindAsync(id)).Steps.ShouldBeEmpty();

        var unknown = await WithAsync(f, l => l.ConfirmCorrectionAsync(f.Tenant, Agent, id, new Dictionary<string, string> { ["contact.shoe_size"] = "44" }, null, default));
        unknown.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["changes.contact.shoe_size"]);
        var both = await WithAsync(f, l => l.ConfirmCorrectionAsync(f.Tenant, Agent, id, new Dictionary<string, string> { ["contact.name"] = "Ida" }, "and by hand", default));
        both.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["byHand"]);
        var neither = await WithAsync(f, l => l.ConfirmCorrectionAsync(f.Tenant, Agent, id, new Dictionary<string, string>(), " ", default));
        neither.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["changes"]);

        var confirmed = await WithAsync(f, l => l.ConfirmCorrectionAsync(f.Tenant, Agent, id, new Dictionary<string, string> { ["contact.name"] = "Ida Rettet Hansen" }, null, default));
        confirmed.Succeeded.ShouldBeTrue(confirmed.Failure?.Detail);
        await f.RunWorkerAsync();
        (await NameAsync(f, customer)).ShouldBe(before, "confirming is not approving: nothing is changed yet");

        (await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, id, default))).Succeeded.ShouldBeTrue();
        await f.RunWorkerAsync();

        (await NameAsync(f, customer)).ShouldBe("Ida Rettet Hansen");
        var billing = (await f.FindAsync(id)).Steps.Single(s => s.Datastore == "billing.db");
        billing.Status.ShouldBe(StepStatus.Done);
        await using var scope = f.Db.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .SingleAsync(a => a.Target == $"request:{id}" && a.Action == AuditActions.RequestCorrectionConfirmed);
        audit.Details.ShouldContain("contact.name");
        audit.Details.ShouldNotContain("Rettet", Case.Insensitive);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_correction_decided_to_be_made_by_hand_becomes_a_task_in_each_datastore_and_changes_nothing_itself(DatabaseProvider provider)
    {
        var (f, _, customer, id) = await FiledAndVerifiedAsync(provider);
        var before = await NameAsync(f, customer);

        (await WithAsync(f, l => l.ConfirmCorrectionAsync(f.Tenant, Agent, id, null, "Ret navnet i kundekartoteket og på den underskrevne kontrakt", default)))
            .Succeeded.ShouldBeTrue();
        (await WithAsync(f, l => l.ApproveAsync(f.Tenant, Agent, id, default))).Succeeded.ShouldBeTrue();
        await f.RunWorkerAsync();

        (await NameAsync(f, customer)).ShouldBe(before);
        var billing = (await f.FindAsync(id)).Steps.Single(s => s.Datastore == "billing.db");
        billing.ShouldSatisfyAllConditions(
            s => s.Connector.ShouldBe(DatastoreKind.Manual),
            s => s.Status.ShouldBe(StepStatus.Waiting),
            s => StepOutcome.Read(s.OutcomeJson)!.Checklist![0].ShouldBe("Correct by hand: Ret navnet i kundekartoteket og på den underskrevne kontrakt"));

        await using var scope = f.Db.Scope();
        var closed = await scope.ServiceProvider.GetRequiredService<ManualTasks>().CompleteAsync(f.Tenant, Agent, id, billing.Id, "Rettet begge steder", null, default);
        closed.Succeeded.ShouldBeTrue(closed.Failure?.Detail);
    }

    [Fact]
    public void The_person_is_told_in_their_language_what_kind_of_data_was_corrected_and_where()
    {
        var manifest = Lethe.Tests.DataMap.ManifestFiles.Sample("flex4business");
        var request = new DataRequest { Type = RequestType.Rectification, IdentitiesJson = "[]", Language = "da", CreatedAt = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc) };
        request.Asks(null, new Correction("Forkert navn", "Ida Rettet Hansen"));
        request.ConfirmCorrection(new Dictionary<string, string> { ["contact.name"] = "Ida Rettet Hansen" }, null, "agent@shop.example", request.CreatedAt).ShouldBeNull();
        var outcome = new ErasureOutcome("billing.db", [new Lethe.Execution.ChangeCount("customers", "rectify name", 1)], []);

        var report = AnswerReport.Rectification(manifest, request, [outcome], [], new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero), Lethe.Tenancy.Country.DK);

        report.ShouldContain("# Svar på din anmodning om berigtigelse");
        report.ShouldContain("## Hvad vi har rettet");
        report.ShouldContain("Du bad os rette: Navn.");
        report.ShouldContain("customers: 1 post rettet");
        report.ShouldNotContain("Ida Rettet Hansen");

        var byHand = new DataRequest { Type = RequestType.Rectification, IdentitiesJson = "[]", Language = "nb", CreatedAt = request.CreatedAt };
        byHand.Asks(null, new Correction("Feil navn", "Ida"));
        byHand.ConfirmCorrection(null, "intern merknad: sjekk permen", "agent@shop.example", request.CreatedAt).ShouldBeNull();
        var told = AnswerReport.Rectification(manifest, byHand, [], ["Paper archive: the old address is blacked out in the 2019 binder."], new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero), Lethe.Tenancy.Country.DK);
        told.ShouldContain("Våre medarbeidere har rettet opplysningene manuelt");
        told.ShouldNotContain("permen", Case.Insensitive);
        told.ShouldContain("- Paper archive: the old address is blacked out in the 2019 binder.", customMessage: "what the agent wrote to the person");
    }

    [Theory]
    [InlineData("da", "# Svar på din anmodning om begrænsning", "customers: 1 post markeret som begrænset", "Vi giver dig besked, før begrænsningen ophæves")]
    [InlineData("en", "# Answer to your request for restriction", "customers: 1 record marked restricted", "We will tell you before the restriction is lifted")]
    [InlineData("nb", "# Svar på forespørselen din om begrensning", "customers: 1 post merket som begrenset", "Vi gir deg beskjed før begrensningen oppheves")]
    public void A_restriction_is_reported_as_a_restriction_in_the_person_s_language_never_as_a_marketing_stop(string language, string title, string row, string lifted)
    {
        var manifest = Lethe.Tests.DataMap.ManifestFiles.Sample("flex4business");
        var request = new DataRequest { Type = RequestType.Restriction, IdentitiesJson = "[]", Language = language, CreatedAt = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc) };
        var outcome = new ErasureOutcome("billing.db", [new Lethe.Execution.ChangeCount("customers", "restrict", 1)], []);

        var report = AnswerReport.Restriction(manifest, request, [outcome], ["Nets Denmark A/S: restricted at Nets too."], new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero), Lethe.Tenancy.Country.DK);

        report.ShouldStartWith(title);
        report.ShouldContain(row);
        report.ShouldContain(lifted);
        report.ShouldContain("- Nets Denmark A/S: restricted at Nets too.");
        report.ShouldNotContain(Lethe.Localization.Texts.Get("answer.suppressed", language));
        AnswerReport.Restriction(manifest, request, [], [], DateTimeOffset.UnixEpoch, Lethe.Tenancy.Country.DK)
            .ShouldContain(Lethe.Localization.Texts.Get("answer.nothing_restricted", language));
    }
}
