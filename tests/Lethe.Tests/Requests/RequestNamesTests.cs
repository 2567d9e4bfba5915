using Lethe.Audit;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>The request list names each person, as the request page does, and the look is audited as a read of personal data.</summary>
public sealed class RequestNamesTests
{
    [Theory]
    [InlineData("""[{"type":"email","value":"ann@example.com"},{"type":"full_name","value":" Ann Berg "}]""", "Ann Berg")]
    [InlineData("""[{"type":"full_name","value":""},{"type":"email","value":"ann@example.com"}]""", "ann@example.com")]
    [InlineData("""[{"type":"customer_number","value":"C-1"}]""", null)]
    [InlineData("[]", null)]
    public void A_person_is_called_by_the_full_name_they_gave_else_their_email(string identities, string? name) =>
        RequestView.NameOf(new DataRequest { Type = RequestType.Access, IdentitiesJson = identities }).ShouldBe(name);

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Showing_names_is_audited_once_per_list_with_how_many_it_named(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync();
        var named = new DataRequest { TenantId = tenant.Id, Type = RequestType.Access, IdentitiesJson = """[{"type":"email","value":"ann@example.com"}]""" };
        var unnamed = new DataRequest { TenantId = tenant.Id, Type = RequestType.Access, IdentitiesJson = """[{"type":"customer_number","value":"C-1"}]""" };
        var actor = AuditActor.User("u-1", "officer@company.test");
        await using var scope = db.Scope();
        var queries = scope.ServiceProvider.GetRequiredService<RequestQueries>();

        var names = await queries.NamesAsync(tenant, actor, [named, unnamed], default);
        await queries.NamesAsync(tenant, actor, [unnamed], default);

        names[named.Id].ShouldBe("ann@example.com");
        names[unnamed.Id].ShouldBeNull();
        var entries = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Where(e => e.Action == AuditActions.RequestNamesRead).ToListAsync();
        entries.Single().ShouldSatisfyAllConditions(
            e => e.ActorId.ShouldBe("u-1"),
            e => e.TenantId.ShouldBe(tenant.Id),
            e => e.Details.ShouldBe("{\"named\":\"1\"}"),
            e => e.Details.ShouldNotContain("ann@"));
    }
}
