using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lethe.Tests.Accounts;

/// <summary>The pauses as stored: counted per account and address, lifted by the mailed link once, forgotten when quiet.</summary>
public sealed class SignInLocksTests
{
    private const string Attacker = "203.0.113.7";
    private const string Owner = "198.51.100.20";
    private const string Email = "admin@flexfone.example";

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_pause_doubles_with_each_failure_after_it_and_never_touches_another_address(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var user = (await db.GrantAsync(Email, Role.PlatformAdmin)).User;

        await FailAsync(db, user, Attacker, 4);
        (await IsLockedAsync(db, user, Attacker)).ShouldBeFalse();
        await FailAsync(db, user, Attacker, 1);
        (await IsLockedAsync(db, user, Attacker)).ShouldBeTrue();
        (await IsLockedAsync(db, user, Owner)).ShouldBeFalse();

        clock.Advance(TimeSpan.FromMinutes(15));
        (await IsLockedAsync(db, user, Attacker)).ShouldBeFalse("the first pause is a quarter of an hour");
        await FailAsync(db, user, Attacker, 1);
        clock.Advance(TimeSpan.FromMinutes(29));
        (await IsLockedAsync(db, user, Attacker)).ShouldBeTrue("the second is twice as long");
        clock.Advance(TimeSpan.FromMinutes(1));
        (await IsLockedAsync(db, user, Attacker)).ShouldBeFalse();

        var audit = await AuditAsync(db);
        audit.Count(e => e.Action == AuditActions.SignInFailed).ShouldBe(6);
        audit.Count(e => e.Action == AuditActions.SignInLocked).ShouldBe(2);
        audit.ShouldAllBe(e => !e.Details.Contains(Attacker), "the address is the typist's personal data");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_mailed_link_lifts_the_pause_once_and_not_after_a_day(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var user = (await db.GrantAsync(Email, Role.PlatformAdmin)).User;

        await FailAsync(db, user, Owner, 5);
        var token = TokenOf((await Mailbox.DeliverAndReadAsync(db, Email)).ShouldHaveSingleItem());
        clock.Advance(TimeSpan.FromHours(23));
        await FailAsync(db, user, Owner, 5);
        (await UnlockAsync(db, token)).ShouldBeTrue();
        (await IsLockedAsync(db, user, Owner)).ShouldBeFalse();
        (await UnlockAsync(db, token)).ShouldBeFalse("a link works once");

        clock.Advance(TimeSpan.FromHours(1));
        await FailAsync(db, user, Owner, 5);
        var second = TokenOf((await Mailbox.DeliverAndReadAsync(db, Email))[^1]);
        clock.Advance(SignInLockout.LinkLifetime + TimeSpan.FromSeconds(1));
        (await UnlockAsync(db, second)).ShouldBeFalse("a link expires after a day");
        (await UnlockAsync(db, "an-invented-token")).ShouldBeFalse();
        (await AuditAsync(db)).Count(e => e.Action == AuditActions.SignInUnlocked).ShouldBe(1);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Many_addresses_pausing_one_account_send_one_mail_a_quarter_of_an_hour(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var user = (await db.GrantAsync(Email, Role.PlatformAdmin)).User;

        for (var i = 1; i <= 10; i++)
        {
            await FailAsync(db, user, $"203.0.113.{i}", 5);
        }

        (await Mailbox.DeliverAndReadAsync(db, Email)).Count.ShouldBe(1);
        clock.Advance(SignInLockout.MailInterval + TimeSpan.FromSeconds(1));
        await FailAsync(db, user, "203.0.113.99", 5);
        (await Mailbox.DeliverAndReadAsync(db, Email)).Count.ShouldBe(2);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_quiet_address_is_forgotten_and_a_success_ends_its_series(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = await TestDatabase.CreateAsync(provider, clock);
        var user = (await db.GrantAsync(Email, Role.PlatformAdmin)).User;
        await FailAsync(db, user, Attacker, 3);
        await FailAsync(db, user, Owner, 3);

        await using (var scope = db.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<SignInLocks>().ClearAsync(user.Id, Owner, default);
        }

        clock.Advance(SignInLockout.Memory + TimeSpan.FromMinutes(1));
        await FailAsync(db, user, "192.0.2.1", 1);

        await using var check = db.Scope();
        (await check.ServiceProvider.GetRequiredService<LetheDbContext>().SignInLocks.Select(l => l.Client).ToListAsync()).ShouldBe(["192.0.2.1"]);
    }

    private static async Task FailAsync(TestDatabase db, LetheUser user, string client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            // A scope per attempt, as each is its own request.
            await using var scope = db.Scope();
            await scope.ServiceProvider.GetRequiredService<SignInLocks>().RecordFailureAsync(user, client, "en", factor: null, default);
        }
    }

    private static async Task<bool> IsLockedAsync(TestDatabase db, LetheUser user, string client)
    {
        await using var scope = db.Scope();
        return await scope.ServiceProvider.GetRequiredService<SignInLocks>().IsLockedAsync(user.Id, client, default);
    }

    private static async Task<bool> UnlockAsync(TestDatabase db, string token)
    {
        await using var scope = db.Scope();
        return await scope.ServiceProvider.GetRequiredService<SignInLocks>().UnlockAsync(token, default);
    }

    private static string TokenOf(MimeKit.MimeMessage mail) => Mailbox.Link(mail, SignInLocks.UnlockPath).Split('/')[^1];

    private static async Task<List<AuditEntry>> AuditAsync(TestDatabase db)
    {
        await using var scope = db.Scope();
        return await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters().OrderBy(e => e.Sequence).ToListAsync();
    }
}
