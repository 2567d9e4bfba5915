using System.Globalization;
using Lethe.Audit;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

public sealed class AmbiguityTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Identities_that_match_two_people_stop_the_erasure_until_the_agent_chooses_and_then_only_the_chosen_one_is_erased(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 10);
        // Two customers who share an address (a family's), in different cases.
        await f.Store.ExecuteAsync("UPDATE customers SET email = 'Family@Example.dk' WHERE id = 3");
        await f.Store.ExecuteAsync("UPDATE customers SET email = 'family@example.dk' WHERE id = 7");
        var before = await f.Store.QueryAsync("SELECT id, name, email, address FROM customers ORDER BY id");

        var request = await f.CreateAsync(RequestType.Erasure, new Identity("email", "family@example.dk"));
        await f.RunWorkerAsync();

        var stopped = (await f.FindAsync(request.Request.Id)).Steps.Single(s => s.Datastore == "billing.db");
        stopped.Status.ShouldBe(StepStatus.Waiting);
        stopped.LastError!.ShouldContain("match 2 different people");
        var candidates = PersonChoices.Candidates(stopped)!;
        candidates.Collection.ShouldBe("customers");
        candidates.Keys.Order().ShouldBe(["3", "7"]);
        // Described without what identifies them (no name, e-mail or address), and nothing was changed.
        candidates.Candidates.ShouldAllBe(c => !c.ContainsKey("name") && !c.ContainsKey("email") && !c.ContainsKey("address"));
        (await f.Store.QueryAsync("SELECT id, name, email, address FROM customers ORDER BY id")).ShouldBe(before);

        await using (var scope = f.Db.Scope())
        {
            var requests = scope.ServiceProvider.GetRequiredService<PersonChoices>();
            (await requests.ChooseAsync(f.Tenant, AuditActor.System, request.Request.Id, stopped.Id, "customers", "99", default)).Failure.ShouldNotBeNull("only a candidate can be chosen");
            (await requests.ChooseAsync(f.Tenant, AuditActor.System, request.Request.Id, stopped.Id, "customers", "7", default)).Succeeded.ShouldBeTrue();
            (await requests.ChooseAsync(f.Tenant, AuditActor.System, request.Request.Id, stopped.Id, "customers", "3", default)).Failure.ShouldNotBeNull("a step that no longer waits takes no second choice");
        }

        await f.RunWorkerAsync();

        (await f.FindAsync(request.Request.Id)).Steps.Single(s => s.Datastore == "billing.db").Status.ShouldBe(StepStatus.Done);
        var after = await f.Store.QueryAsync("SELECT id, name, email, address FROM customers ORDER BY id");
        after.Where(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture) != 7).ShouldBe(before.Where(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture) != 7));
        after.Single(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture) == 7)[2].ShouldNotBe("family@example.dk");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task While_one_datastore_matches_two_people_the_others_wait_and_go_on_once_the_agent_has_chosen(DatabaseProvider provider)
    {
        using var newsletter = new WebhookReceiver(RequestFixture.NewsletterAnswers);
        var (f, email) = await RequestFixture.Flex4BusinessConnectedAsync(provider, newsletter);
        var first = Convert.ToInt64((await f.Store.QueryAsync("SELECT id FROM customers ORDER BY id")).First()[0], CultureInfo.InvariantCulture);
        await f.Store.ExecuteAsync($"UPDATE customers SET email = '{email.ToUpperInvariant()}' WHERE id = {first + 1}");

        var request = await f.CreateAsync(RequestType.Erasure, new Identity("email", email));
        await f.RunWorkerAsync();

        var steps = (await f.FindAsync(request.Request.Id)).Steps.ToDictionary(s => s.Datastore);
        steps["billing.db"].Status.ShouldBe(StepStatus.Waiting);
        steps["website.db"].Status.ShouldBe(StepStatus.Pending, "the website must not be erased for one of two people the identities match");
        steps["website.db"].LastError!.ShouldContain("choose the person there first");
        StepOutcome.Read(steps["website.db"].OutcomeJson)!.WaitsForChoiceIn.ShouldBe("billing.db");

        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<PersonChoices>()
                .ChooseAsync(f.Tenant, AuditActor.System, request.Request.Id, steps["billing.db"].Id, "customers", first.ToString(CultureInfo.InvariantCulture), default)).Succeeded.ShouldBeTrue();
        }

        await f.RunWorkerAsync();
        var done = (await f.FindAsync(request.Request.Id)).Steps.ToDictionary(s => s.Datastore);
        done["billing.db"].Status.ShouldBe(StepStatus.Done);
        done["website.db"].Status.ShouldBe(StepStatus.Done);
        (await f.Store.QueryAsync($"SELECT email FROM customers WHERE id = {first + 1}")).Single()[0].ShouldBe(email.ToUpperInvariant(), "the other person is untouched");
    }
}
