using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>
/// Statuses, rights and channels are enums in code and the same words in the database as when they were strings, and
/// queries that filter on them are translated to SQL on both databases.
/// </summary>
public sealed class RequestStorageTests
{
    private static readonly AuditActor Agent = new("user", "agent-1", "agent@flexfone.example");

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Statuses_rights_and_channels_are_stored_as_their_words_and_filtered_in_sql(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flexfone", "pbx", "FLEXFONE_PBX_DB", people: 3);
        var row = (await f.Store.QueryAsync("SELECT extension, full_name FROM employees ORDER BY id")).First();
        Identity[] employee = [new("extension", (string)row[0]!), new("full_name", (string)row[1]!)];

        async Task<Guid> Register(RequestType type, RequestChannel channel, string? identityCheck)
        {
            await using var scope = f.Db.Scope();
            var created = await scope.ServiceProvider.GetRequiredService<RequestRegistration>()
                .CreateAsync(f.Tenant, Agent, new RequestInput(type.ToWire(), employee, null, channel.ToWire(), "da", null, identityCheck), default);
            return created.Value?.Request.Id ?? throw new InvalidOperationException(created.Failure!.Detail);
        }

        var received = await Register(RequestType.Access, RequestChannel.Phone, null);
        var awaiting = await Register(RequestType.WithdrawConsent, RequestChannel.PrivacyCentre, null);
        var rejected = await Register(RequestType.Erasure, RequestChannel.InPerson, "Passport seen");
        await using (var scope = f.Db.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().RejectAsync(f.Tenant, Agent, rejected, "Not the person", default)).Succeeded.ShouldBeTrue();
        }

        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            (await db.Database.SqlQueryRaw<string>("""SELECT "Status" || '/' || "Type" || '/' || "Channel" AS "Value" FROM requests""").ToListAsync())
                .ShouldBe(["received/access/phone", "awaiting_verification/withdraw_consent/privacy_centre", "rejected/erasure/in_person"], ignoreOrder: true);
            (await db.Database.SqlQueryRaw<string>("""SELECT "Status" AS "Value" FROM request_status_events""").ToListAsync())
                .ShouldBe(["received", "awaiting_verification", "verified", "rejected"], ignoreOrder: true);

            // Read back into the enums, and compared in SQL: a constant, a parameter and a list of them.
            var wanted = RequestStatus.AwaitingVerification;
            var closed = new[] { RequestStatus.Completed, RequestStatus.Rejected, RequestStatus.Withdrawn };
            (await db.Requests.IgnoreQueryFilters().Where(r => r.Status == RequestStatus.Received).Select(r => r.Id).ToListAsync()).ShouldBe([received]);
            (await db.Requests.IgnoreQueryFilters().Where(r => r.Status == wanted && r.Channel == RequestChannel.PrivacyCentre).Select(r => r.Id).ToListAsync()).ShouldBe([awaiting]);
            (await db.Requests.IgnoreQueryFilters().Where(r => closed.Contains(r.Status)).Select(r => r.Type).ToListAsync()).ShouldBe([RequestType.Erasure]);
            (await db.RequestStatusEvents.IgnoreQueryFilters().Where(e => e.RequestId == rejected).Select(e => e.Status).ToListAsync())
                .ShouldBe([RequestStatus.Verified, RequestStatus.Rejected], ignoreOrder: true);
        }

        await using (var scope = f.Db.Scope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<RequestQueries>();
            (await queries.ListAsync(f.Tenant, 10, default, status: RequestStatus.Rejected)).Select(r => r.Id).ShouldBe([rejected]);
            (await queries.ListAsync(f.Tenant, 10, default, type: RequestType.WithdrawConsent)).Select(r => r.Id).ShouldBe([awaiting]);
            (await queries.ListAsync(f.Tenant, 10, default, open: true)).Select(r => r.Id).ShouldBe([received, awaiting], ignoreOrder: true);
            (await queries.ListAsync(f.Tenant, 10, default, status: RequestStatus.Completed)).ShouldBeEmpty();
        }
    }
}
