using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Cli;

/// <summary><c>lethe users unlock</c>: the operator's way to let a person in again when the mailed link is no help.</summary>
public sealed class UsersUnlockTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Unlock_lifts_every_pause_of_the_person_and_is_audited(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var user = (await db.GrantAsync("admin@flexfone.example", Role.PlatformAdmin)).User;
        var other = (await db.GrantAsync("po@flexfone.example", Role.PlatformAdmin)).User;
        foreach (var (person, client) in new[] { (user, "203.0.113.7"), (user, "2001:db8:1:2::/64"), (other, "203.0.113.7") })
        {
            for (var i = 0; i < SignInLockout.FreeFailures; i++)
            {
                await using var scope = db.Scope();
                await scope.ServiceProvider.GetRequiredService<SignInLocks>().RecordFailureAsync(person, client, "en", factor: null, default);
            }
        }

        var (exit, output, err) = await CliTests.RunAsync([.. db.CliOptions, "users", "unlock", "--email", "admin@flexfone.example"]);

        exit.ShouldBe(0, err);
        output.ShouldContain("admin@flexfone.example");
        output.ShouldContain("2 addresses");
        await using var check = db.Scope();
        var context = check.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await context.SignInLocks.Select(l => l.UserId).ToListAsync()).ShouldBe([other.Id], "another person's pause stays");
        var entry = (await context.AuditEntries.IgnoreQueryFilters().Where(e => e.Action == AuditActions.SignInUnlocked).ToListAsync()).ShouldHaveSingleItem();
        entry.ActorKind.ShouldBe("cli");
        entry.Target.ShouldBe($"user:{user.Id}");
        (await CliTests.RunAsync([.. db.CliOptions, "audit", "verify"])).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Unlock_of_an_address_nobody_signs_in_with_is_one_line_and_exit_1()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var (exit, output, err) = await CliTests.RunAsync([.. db.CliOptions, "users", "unlock", "--email", "nobody@flexfone.example"]);

        exit.ShouldBe(1);
        output.ShouldBeEmpty();
        err.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("--email");
    }
}
