using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Localization;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Audit;

/// <summary>The audit log as people read it: who by name, what in words, filtered by the person a request is about — and no one's data beyond the entry.</summary>
public sealed class AuditReaderTests
{
    [Fact]
    public void Every_audit_action_has_a_text_in_english_danish_and_norwegian()
    {
        var actions = typeof(AuditActions).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        actions.Count.ShouldBeGreaterThan(70);
        foreach (var action in actions)
        {
            var english = Texts.Get(TextId.AuditAction(action), "en");
            english.ShouldNotContain(action, Case.Insensitive);
            Texts.Get(TextId.AuditAction(action), "da").ShouldNotBe(english, action);
            Texts.Get(TextId.AuditAction(action), "nb").ShouldNotBe(english, action);
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Users_are_named_by_display_name_or_email_keys_by_their_name_and_requests_by_their_link_only(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();
        var key = new ApiKey { TenantId = tenant.Id, Name = "Webshop", Scopes = "requests", SecretHash = "x", Hint = "abcd" };
        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            context.Users.AddRange(
                new LetheUser { Id = "u-1", UserName = "anna@company.test", Email = "anna@company.test", DisplayName = "Anna Holm" },
                new LetheUser { Id = "u-2", UserName = "bo@company.test", Email = "bo@company.test" });
            context.ApiKeys.Add(key);
            await context.SaveChangesAsync();
        }

        var request = Guid.NewGuid();
        IReadOnlyList<AuditEntry> entries =
        [
            Entry("user", "u-1", "anna@company.test", AuditActions.RequestViewed, $"request:{request}", tenant.Id),
            Entry("user", "u-2", "bo@company.test", AuditActions.RoleGranted, "user:u-1", tenant.Id),
            Entry("api-key", key.Id.ToString(), "renamed since", AuditActions.RequestCreated, null, tenant.Id),
            Entry("user", "u-gone", "gone@company.test", AuditActions.SignIn, null, null),
            Entry("system", null, "lethe", AuditActions.RetentionRunFinished, "retention-run:42", tenant.Id),
        ];

        await using var reading = db.Scope();
        var readable = await reading.ServiceProvider.GetRequiredService<AuditReader>().ReadAsync(entries, default);

        readable.Select(r => r.Who).ShouldBe([
            new AuditWho("user", "Anna Holm"), new AuditWho("user", "bo@company.test"), new AuditWho("api-key", "Webshop"),
            new AuditWho("user", "gone@company.test"), new AuditWho("system", "lethe")]);
        readable[0].About.ShouldBe(new AuditTarget("request", request.ToString()) { TenantSlug = tenant.Slug });
        readable[0].About!.RequestId.ShouldBe(request);
        readable[0].About!.Name.ShouldBeNull("a request is never named by its person");
        readable[1].About!.Name.ShouldBe("Anna Holm");
        readable[4].About.ShouldBe(new AuditTarget("retention-run", "42") { TenantSlug = tenant.Slug });
        readable[0].Details.ShouldBe("{\n  \"rows\": \"3\"\n}".Replace("\n", Environment.NewLine, StringComparison.Ordinal));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_person_is_found_by_their_email_or_one_of_their_requests_and_only_their_entries_are_shown(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();
        var first = Request(tenant.Id, "Ann@Example.com");
        var second = Request(tenant.Id, "ann@example.com", ("full_name", "Ann Berg"));
        var lookalike = Request(tenant.Id, "joann@example.com");
        var stranger = Request(tenant.Id, "bo@example.com");
        await using (var scope = db.Scope())
        {
            var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            context.Requests.AddRange(first, second, lookalike, stranger);
            await context.SaveChangesAsync();
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            foreach (var r in new[] { first, second, lookalike, stranger })
            {
                await audit.SaveChangesAsync(new AuditEvent(AuditActor.System, AuditActions.RequestCreated, tenant.Id, $"request:{r.Id}"), default);
            }
        }

        await using var reading = db.Scope();
        var context2 = reading.ServiceProvider.GetRequiredService<LetheDbContext>();
        var reader = reading.ServiceProvider.GetRequiredService<AuditReader>();
        var requests = context2.Requests.IgnoreQueryFilters().Where(r => r.TenantId == tenant.Id);

        (await reader.PersonTargetsAsync(requests, " ANN@example.com ", default)).Order().ShouldBe(new[] { $"request:{first.Id}", $"request:{second.Id}" }.Order());
        (await reader.PersonTargetsAsync(requests, first.Id.ToString(), default)).Order().ShouldBe(new[] { $"request:{first.Id}", $"request:{second.Id}" }.Order());
        (await reader.PersonTargetsAsync(requests, "nobody@example.com", default)).ShouldBeEmpty();
        (await reader.PersonTargetsAsync(requests, Guid.NewGuid().ToString(), default)).ShouldBeEmpty();

        var search = new AuditSearch { Person = "ann@example.com", Targets = await reader.PersonTargetsAsync(requests, "ann@example.com", default) };
        var shown = await search.Apply(context2.AuditEntries.IgnoreQueryFilters()).ToListAsync();
        shown.Select(e => e.Target).Order().ShouldBe(new[] { $"request:{first.Id}", $"request:{second.Id}" }.Order());
        var none = await (new AuditSearch { Targets = [] }).Apply(context2.AuditEntries.IgnoreQueryFilters()).ToListAsync();
        none.ShouldBeEmpty();
        var one = await (new AuditSearch { Request = stranger.Id }).Apply(context2.AuditEntries.IgnoreQueryFilters()).ToListAsync();
        one.Single().Target.ShouldBe($"request:{stranger.Id}");
    }

    private static AuditEntry Entry(string kind, string? id, string? name, string action, string? target, Guid? tenant) => new()
    {
        ActorKind = kind, ActorId = id, ActorName = name, Action = action, Target = target, TenantId = tenant,
        Details = "{\"rows\":\"3\"}", PreviousHash = "", Hash = "",
    };

    private static DataRequest Request(Guid tenant, string email, params (string Type, string Value)[] more) => new()
    {
        TenantId = tenant,
        Type = RequestType.Access,
        IdentitiesJson = System.Text.Json.JsonSerializer.Serialize(
            new[] { new Lethe.Execution.Identity("email", email) }.Concat(more.Select(m => new Lethe.Execution.Identity(m.Type, m.Value)))),
        CreatedAt = TestClock.Start.UtcDateTime,
    };
}
