using System.Globalization;
using Lethe.Audit;
using Lethe.Common;
using Lethe.Execution;
using Lethe.Messages;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Requests;

/// <summary>A person files a request on the privacy centre and confirms it with the link or code the outbox mailed.</summary>
public sealed class PrivacyCentreTests
{
    private static async Task<(RequestFixture F, string Email)> ShopAsync(DatabaseProvider provider)
    {
        var f = await RequestFixture.CreateAsync(provider, "flex4business", "billing", "FLEX4B_BILLING_DB", people: 5);
        var email = (string)(await f.Store.QueryAsync("SELECT email FROM customers ORDER BY id")).First()[0]!;
        return (f, email);
    }

    private static async Task<Outcome<Guid>> FileAsync(RequestFixture f, string email, RequestType type = RequestType.Access, string language = "da")
    {
        await using var scope = f.Db.Scope();
        var filed = await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().FileAsync(f.Tenant, [type.ToWire()], email, [], language, "Hvad har I om mig?", null, default);
        return filed.Succeeded ? filed.Value![0] : filed.Failure!;
    }

    private static async Task<Outcome<string>> VerifyAsync(RequestFixture f, string code)
    {
        await using var scope = f.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<SelfServiceRequests>().VerifyAsync(f.Tenant, code, default);
    }

    private static string Code(MimeKit.MimeMessage message) => Mailbox.LinkToken(message, "/verify/");

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_request_filed_on_31_January_and_confirmed_days_later_is_still_due_on_28_February(DatabaseProvider provider)
    {
        var (f, email) = await ShopAsync(provider);
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-01-31T10:00:00Z", CultureInfo.InvariantCulture));

        var filed = await FileAsync(f, email);

        filed.Succeeded.ShouldBeTrue(filed.Failure?.Detail);
        var request = (await f.FindAsync(filed.Value)).Request;
        request.ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe(RequestStatus.AwaitingVerification),
            r => r.Channel.ShouldBe(RequestChannel.PrivacyCentre),
            r => r.Language.ShouldBe("da"),
            r => r.DueOn.ShouldBe(new DateOnly(2026, 2, 28)));
        var mail = (await Mailbox.DeliverAndReadAsync(f.Db, email)).Single();
        mail.Subject.ShouldBe($"Bekræft din henvendelse til {f.Tenant.Name}");
        (mail.TextBody ?? "").ShouldContain("indsigt");
        var code = Code(mail);
        (mail.TextBody ?? "").ShouldContain(RequestToken.Grouped(code));

        // Verification does not pause the Art. 12(3) clock (LEGAL.md: no rule found; assume it does not).
        f.Clock.SetUtcNow(DateTimeOffset.Parse("2026-01-31T20:00:00Z", CultureInfo.InvariantCulture));
        var verified = await VerifyAsync(f, RequestToken.Grouped(code).ToLowerInvariant());

        verified.Succeeded.ShouldBeTrue(verified.Failure?.Detail);
        var after = (await f.FindAsync(filed.Value)).Request;
        after.Status.ShouldBe(RequestStatus.Verified);
        after.DueOn.ShouldBe(new DateOnly(2026, 2, 28));
        after.VerificationEvidence.ShouldBe(SelfServiceRequests.VerifiedByLink);
        var received = (await Mailbox.DeliverAndReadAsync(f.Db, email)).Single(m => m.Subject == "Vi har modtaget din anmodning");
        (received.TextBody ?? "").ShouldContain("28. februar 2026");
        Mailbox.Link(received, "/status/").ShouldStartWith(TestDatabase.PublicUrl + "/p/");

        // Used once: the same code again does nothing more; the person is told the request is confirmed, and the
        // timeline says the link was opened again — not that anything failed.
        var again = await VerifyAsync(f, code);
        again.Failure.ShouldBe(SelfServiceRequests.AlreadyVerified);
        (await f.FindAsync(filed.Value)).Request.VerifiedAt.ShouldBe(after.VerifiedAt);
        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await db.AuditEntries.IgnoreQueryFilters().Where(a => a.Target == $"request:{filed.Value}").Select(a => a.Action).ToListAsync())
            .ShouldBe([AuditActions.RequestCreated, AuditActions.MessageSent, AuditActions.RequestVerified, AuditActions.MessageSent, AuditActions.RequestVerificationRepeated]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Expired_tampered_and_made_up_codes_are_refused_alike_and_no_token_is_stored_in_clear(DatabaseProvider provider)
    {
        var (f, email) = await ShopAsync(provider);
        var first = await FileAsync(f, email, language: "en");
        var second = await FileAsync(f, email, type: RequestType.Erasure, language: "nb");
        var mails = await Mailbox.DeliverAndReadAsync(f.Db, email);
        mails.Count.ShouldBe(2);
        var codes = mails.Select(Code).ToList();

        await using (var scope = f.Db.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var stored = await db.RequestTokens.IgnoreQueryFilters().ToListAsync();
            stored.Count.ShouldBe(2);
            stored.ShouldAllBe(t => codes.All(c => !t.Hash.Contains(c, StringComparison.OrdinalIgnoreCase)));
            // Sent messages keep neither recipient nor body; what was queued was encrypted.
            (await db.OutboxMessages.IgnoreQueryFilters().ToListAsync()).ShouldAllBe(m => m.Status == MessageStatus.Sent && m.ProtectedBody == null && m.ProtectedTo == null);
        }

        var tampered = (codes[0][0] == 'A' ? 'B' : 'A') + codes[0][1..];
        (await VerifyAsync(f, tampered)).Failure.ShouldBe(SelfServiceRequests.BadToken);
        (await VerifyAsync(f, "not-a-code")).Failure.ShouldBe(SelfServiceRequests.BadToken);
        f.Clock.SetUtcNow(f.Clock.GetUtcNow().AddHours(24).AddSeconds(1));
        (await VerifyAsync(f, codes[0])).Failure.ShouldBe(SelfServiceRequests.BadToken);
        (await f.FindAsync(first.Value)).Request.Status.ShouldBe(RequestStatus.AwaitingVerification);
        (await f.FindAsync(second.Value)).Request.Status.ShouldBe(RequestStatus.AwaitingVerification);
    }

    [Theory]
    [InlineData("", "email")]
    [InlineData("not an address", "email")]
    public async Task A_request_without_a_usable_e_mail_address_names_the_field_and_records_nothing(string email, string field)
    {
        var (f, _) = await ShopAsync(DatabaseProvider.Sqlite);

        var filed = await FileAsync(f, email);

        filed.Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe([field]);
        await using var scope = f.Db.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await db.Requests.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
        (await db.OutboxMessages.IgnoreQueryFilters().CountAsync()).ShouldBe(0);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Access_and_erasure_asked_together_are_confirmed_once_and_answered_in_order(DatabaseProvider provider)
    {
        using var newsletter = new WebhookReceiver(RequestFixture.NewsletterAnswers);
        var (f, email) = await RequestFixture.Flex4BusinessConnectedAsync(provider, newsletter);
        IReadOnlyList<Guid> ids;
        await using (var scope = f.Db.Scope())
        {
            var centre = scope.ServiceProvider.GetRequiredService<SelfServiceRequests>();
            (await centre.FileAsync(f.Tenant, [RequestType.Access.ToWire(), "forget-me"], email, [], "da", null, null, default)).Failure.ShouldBeOfType<InvalidInput>().Errors.Keys.ShouldBe(["types"]);
            (await centre.FileAsync(f.Tenant, [RequestType.Rectification.ToWire()], email, [], "da", null, null, default)).Failure.ShouldBeOfType<InvalidInput>();
            ids = (await centre.FileAsync(f.Tenant, [RequestType.Access.ToWire(), RequestType.Erasure.ToWire(), RequestType.Access.ToWire()], email, [], "da", null, null, default)).Value!;
        }

        ids.Count.ShouldBe(2);
        var mail = (await Mailbox.DeliverAndReadAsync(f.Db, email)).Single();
        (mail.TextBody ?? "").ShouldContain("indsigt og sletning");
        (await VerifyAsync(f, Code(mail))).Succeeded.ShouldBeTrue();
        var access = (await f.FindAsync(ids[0])).Request;
        var erasure = (await f.FindAsync(ids[1])).Request;
        access.Status.ShouldBe(RequestStatus.Verified);
        erasure.Status.ShouldBe(RequestStatus.Verified);
        access.GroupId.ShouldNotBeNull();
        erasure.GroupId.ShouldBe(access.GroupId);

        // Erasing first would empty the copy: refused until the access answer is made.
        async Task<Outcome<RequestView>> ApproveAsync(Guid id)
        {
            await using var scope = f.Db.Scope();
            return await scope.ServiceProvider.GetRequiredService<RequestLifecycle>().ApproveAsync(f.Tenant, AuditActor.System, id, default);
        }

        (await ApproveAsync(erasure.Id)).Failure.ShouldBeOfType<Conflict>().Detail.ShouldContain("copy of their data");
        (await ApproveAsync(access.Id)).Succeeded.ShouldBeTrue();
        await f.Db.Services.GetRequiredService<RequestRound>().RunAsync(default);
        // The copy includes what Nets, which receives the billing data, answers: the erasure waits for that too.
        (await f.FindAsync(access.Id)).Request.Status.ShouldBe(RequestStatus.AwaitingExternal);
        (await ApproveAsync(erasure.Id)).Failure.ShouldBeOfType<Conflict>();
        await f.ConfirmForwardedAsync(access.Id);
        await f.Db.Services.GetRequiredService<RequestRound>().RunAsync(default);
        (await f.FindAsync(access.Id)).Request.Status.ShouldBe(RequestStatus.Completed);
        (await ApproveAsync(erasure.Id)).Succeeded.ShouldBeTrue();
    }
}
