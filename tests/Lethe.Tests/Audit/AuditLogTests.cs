using Lethe.Audit;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lethe.Tests.Audit;

public sealed class AuditLogTests
{
    private static async Task<AuditVerification> VerifyAsync(TestDatabase db, string? head = null)
    {
        await using var scope = db.Scope();
        return await AuditVerifier.VerifyAsync(scope.ServiceProvider.GetRequiredService<LetheDbContext>(), head, CancellationToken.None);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task An_untouched_log_verifies(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.AppendAuditAsync(5);

        var result = await VerifyAsync(db);

        result.IsIntact.ShouldBeTrue(result.Problem);
        result.EntriesChecked.ShouldBe(5);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Entries_are_numbered_without_gaps_and_linked_to_their_predecessor(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.AppendAuditAsync(4);
        await using var scope = db.Scope();
        var entries = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .OrderBy(e => e.Sequence).ToListAsync();

        entries.Select(e => e.Sequence).ShouldBe([1L, 2, 3, 4]);
        entries[0].PreviousHash.ShouldBe(AuditChain.Genesis);
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash.ShouldBe(entries[i - 1].Hash);
        }
    }

    public static TheoryData<DatabaseProvider, string, string> Tampering()
    {
        var data = new TheoryData<DatabaseProvider, string, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            data.Add(provider, "UPDATE audit_entries SET \"Details\" = '{\"rows\":\"0\"}' WHERE \"Sequence\" = 3", "entry #3");
            data.Add(provider, "UPDATE audit_entries SET \"ActorName\" = 'someone-else' WHERE \"Sequence\" = 3", "entry #3");
            data.Add(provider, "DELETE FROM audit_entries WHERE \"Sequence\" = 3", "entry #3 is missing");
            data.Add(provider, "DELETE FROM audit_entries WHERE \"Sequence\" = 5", "#5");
            data.Add(provider, "DELETE FROM audit_entries WHERE \"Sequence\" >= 4", "#4");
            data.Add(provider, "DELETE FROM audit_entries WHERE \"Sequence\" = 1", "entry #1");
            // Reordering: entries 2 and 3 swap places.
            data.Add(provider,
                "UPDATE audit_entries SET \"Sequence\" = -2 WHERE \"Sequence\" = 2; " +
                "UPDATE audit_entries SET \"Sequence\" = 2 WHERE \"Sequence\" = 3; " +
                "UPDATE audit_entries SET \"Sequence\" = 3 WHERE \"Sequence\" = -2;",
                "entry #2");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Tampering_is_found_and_the_first_broken_entry_named(DatabaseProvider provider, string tamper, string named)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.AppendAuditAsync(5);

        await db.ExecuteSqlAsync(tamper);
        var result = await VerifyAsync(db);

        result.IsIntact.ShouldBeFalse();
        result.Problem.ShouldNotBeNull().ShouldContain(named);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_rewritten_log_is_caught_by_a_head_kept_outside_the_database(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.AppendAuditAsync(3);
        var kept = (await VerifyAsync(db)).HeadHash;

        // Someone with database access wipes the log and the head, and writes a fresh chain of the same length.
        await db.ExecuteSqlAsync("DELETE FROM audit_entries; DELETE FROM audit_head;");
        await db.AppendAuditAsync(3, "innocent.event");

        (await VerifyAsync(db)).IsIntact.ShouldBeTrue("the rewritten chain is self-consistent");
        var withHead = await VerifyAsync(db, kept);
        withHead.IsIntact.ShouldBeFalse();
        withHead.Problem.ShouldNotBeNull().ShouldContain("rewritten");
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_unit_of_work_that_appends_after_others_did_continues_their_chain(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var scope = db.Scope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        async Task ElsewhereAsync(string target)
        {
            await using var other = db.Scope();
            await other.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(new AuditEvent(AuditActor.System, "test.elsewhere", Target: target), default);
        }

        // The first log of the chain, then a unit of work that reads the head under the lock and records nothing.
        await ElsewhereAsync("first");
        await audit.SaveChangesAsync(_ => Task.FromResult<IReadOnlyList<AuditEvent>>([]), default);
        // Others move the head on between each of this context's own appends: each append must follow them, never the
        // head this context read or wrote before.
        await ElsewhereAsync("second");
        await audit.SaveChangesAsync(new AuditEvent(AuditActor.System, "test.here", Target: "third"), default);
        await ElsewhereAsync("fourth");
        await audit.SaveChangesAsync(new AuditEvent(AuditActor.System, "test.here", Target: "fifth"), default);

        var result = await VerifyAsync(db);
        result.IsIntact.ShouldBeTrue(result.Problem);
        await using var check = db.Scope();
        (await check.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters().OrderBy(e => e.Sequence)
            .Select(e => e.Target).ToListAsync()).ShouldBe(["first", "second", "third", "fourth", "fifth"]);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Concurrent_writers_keep_one_unbroken_chain(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        const int writers = 16;
        const int each = 20;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await using var scope = db.Scope();
                await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(
                    new AuditEvent(AuditActor.System, "test.concurrent", Target: $"writer:{w}:{i}"), CancellationToken.None);
            }
        })));

        var result = await VerifyAsync(db);
        result.IsIntact.ShouldBeTrue(result.Problem);
        result.EntriesChecked.ShouldBe(writers * each);
        await using var check = db.Scope();
        var targets = await check.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters()
            .Select(e => e.Target).ToListAsync();
        targets.Distinct().Count().ShouldBe(writers * each);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_change_and_its_audit_entry_are_saved_together_or_not_at_all(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("atomic");
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        // A second tenant with the same slug violates the unique index, so the save fails...
        context.Tenants.Add(new Lethe.Tenancy.Tenant
        {
            Slug = tenant.Slug, Name = "dup", RegistrationNumber = "1", Address = "a", ContactEmail = "a@b.dk", SupervisoryAuthority = "x",
        });
        var before = await context.AuditEntries.IgnoreQueryFilters().CountAsync();

        await Should.ThrowAsync<DbUpdateException>(() =>
            scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(new AuditEvent(AuditActor.System, "tenant.created"), CancellationToken.None));

        // ...and leaves no entry for a change that did not happen.
        await using var fresh = db.Scope();
        (await fresh.ServiceProvider.GetRequiredService<LetheDbContext>().AuditEntries.IgnoreQueryFilters().CountAsync()).ShouldBe(before);
        (await VerifyAsync(db)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Statements_sent_with_the_lock_and_the_entries_are_part_of_the_unit_of_work()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var tenant = await db.CreateTenantAsync("renamed");
        await db.AppendAuditAsync(2);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var sentWith = new AuditRoundTrips { WithLock = { new NpgsqlBatchCommand("SELECT set_config('lethe.test_mark', 'on', true)") } };
        string? seen = null;

        await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(async ct =>
        {
            // What was sent with the lock holds in the transaction the change runs in.
            seen = await context.Database.SqlQueryRaw<string>("SELECT current_setting('lethe.test_mark', true) AS \"Value\"").SingleAsync(ct);
            sentWith.WithEntries.Add(new NpgsqlBatchCommand($"UPDATE tenants SET \"Name\" = 'renamed with the entries' WHERE \"Id\" = '{tenant.Id}'"));
            return [new AuditEvent(AuditActor.System, "test.sent_with")];
        }, sentWith, default);

        seen.ShouldBe("on");
        await using var check = db.Scope();
        var after = check.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await after.Tenants.IgnoreQueryFilters().SingleAsync(t => t.Id == tenant.Id)).Name.ShouldBe("renamed with the entries");
        (await after.AuditEntries.IgnoreQueryFilters().OrderBy(e => e.Sequence).Select(e => e.Action).LastAsync()).ShouldBe("test.sent_with");
        (await VerifyAsync(db)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_statement_sent_with_the_entries_that_fails_leaves_neither_the_change_nor_an_entry()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var tenant = await db.CreateTenantAsync("kept");
        await db.AppendAuditAsync(2);
        var before = await VerifyAsync(db);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var sentWith = new AuditRoundTrips { WithEntries = { new NpgsqlBatchCommand("SELECT 1 / 0") } };

        var failed = await Should.ThrowAsync<PostgresException>(() => scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(async ct =>
        {
            await context.Database.ExecuteSqlRawAsync("UPDATE tenants SET \"Name\" = 'changed'", ct);
            return [new AuditEvent(AuditActor.System, "test.never")];
        }, sentWith, default));

        failed.SqlState.ShouldBe(PostgresErrorCodes.DivisionByZero);
        await using var check = db.Scope();
        var after = check.ServiceProvider.GetRequiredService<LetheDbContext>();
        (await after.Tenants.IgnoreQueryFilters().SingleAsync(t => t.Id == tenant.Id)).Name.ShouldNotBe("changed");
        var verified = await VerifyAsync(db);
        verified.IsIntact.ShouldBeTrue(verified.Problem);
        verified.EntriesChecked.ShouldBe(before.EntriesChecked);
        verified.HeadHash.ShouldBe(before.HeadHash);

        // The context is good for the next unit of work, which continues the chain from where it was.
        await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(new AuditEvent(AuditActor.System, "test.next"), default);
        (await VerifyAsync(db)).EntriesChecked.ShouldBe(before.EntriesChecked + 1);
    }

    [Fact]
    public async Task SQLite_refuses_statements_sent_with_the_audit_log()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Scope();

        await Should.ThrowAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<AuditLog>()
            .SaveChangesAsync(_ => Task.FromResult<IReadOnlyList<AuditEvent>>([]), new AuditRoundTrips(), default));
    }

    [Fact]
    public async Task A_statement_sent_with_the_lock_that_fails_stops_the_unit_of_work_before_its_change()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await db.AppendAuditAsync(2);
        var before = await VerifyAsync(db);
        await using var scope = db.Scope();
        var changed = false;

        var failed = await Should.ThrowAsync<PostgresException>(() => scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(ct =>
        {
            changed = true;
            return Task.FromResult<IReadOnlyList<AuditEvent>>([new AuditEvent(AuditActor.System, "test.never")]);
        }, new AuditRoundTrips { WithLock = { new NpgsqlBatchCommand("SELECT 1 / 0") } }, default));

        failed.SqlState.ShouldBe(PostgresErrorCodes.DivisionByZero);
        changed.ShouldBeFalse();
        (await VerifyAsync(db)).EntriesChecked.ShouldBe(before.EntriesChecked);
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task In_a_transaction_of_the_callers_a_failed_save_takes_back_its_entry_too(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tenant = await db.CreateTenantAsync("taken");
        await db.AppendAuditAsync(2);
        var before = await VerifyAsync(db);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        await using var transaction = await context.Database.BeginTransactionAsync();
        // A second tenant with the same slug: the caller's own change fails once the audit log has written its entry.
        context.Tenants.Add(new Lethe.Tenancy.Tenant
        {
            Slug = tenant.Slug, Name = "dup", RegistrationNumber = "1", Address = "a", ContactEmail = "a@b.dk", SupervisoryAuthority = "x",
        });

        // The unit also writes by hand what the change tracker does not see; that must go back with the rest.
        await Should.ThrowAsync<DbUpdateException>(() => scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(
            [new AuditEvent(AuditActor.System, "tenant.created")],
            ct => context.Database.ExecuteSqlAsync($"UPDATE tenants SET \"Address\" = 'written by the failed unit' WHERE \"Id\" = {tenant.Id}", ct),
            default));
        // The caller carries on in its transaction, and commits what else it did.
        await context.Database.ExecuteSqlAsync($"UPDATE tenants SET \"Name\" = 'kept' WHERE \"Id\" = {tenant.Id}");
        await transaction.CommitAsync();

        var after = await VerifyAsync(db);
        after.IsIntact.ShouldBeTrue(after.Problem);
        after.EntriesChecked.ShouldBe(before.EntriesChecked, "an entry for the tenant that was never created");
        await using var check = db.Scope();
        var stored = await check.ServiceProvider.GetRequiredService<LetheDbContext>().Tenants.IgnoreQueryFilters().SingleAsync(t => t.Id == tenant.Id);
        stored.Name.ShouldBe("kept");
        stored.Address.ShouldNotBe("written by the failed unit");
    }

    [Fact]
    public async Task In_a_failed_transaction_of_the_callers_its_writes_and_an_earlier_unit_stand_or_fall_together()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var tenant = await db.CreateTenantAsync("earlier");
        await db.AppendAuditAsync(1);
        var before = await VerifyAsync(db);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await using var transaction = await context.Database.BeginTransactionAsync();
        await context.Database.ExecuteSqlAsync($"UPDATE tenants SET \"Name\" = 'before the units' WHERE \"Id\" = {tenant.Id}");
        await audit.SaveChangesAsync([new AuditEvent(AuditActor.System, "test.first")],
            ct => context.Database.ExecuteSqlAsync($"UPDATE tenants SET \"Address\" = 'first unit' WHERE \"Id\" = {tenant.Id}", ct), default);

        // Something of the caller's fails, and the transaction with it; the next unit cannot even begin.
        await Should.ThrowAsync<PostgresException>(() => context.Database.ExecuteSqlRawAsync("SELECT 1 / 0"));
        await Should.ThrowAsync<PostgresException>(() => audit.SaveChangesAsync(new AuditEvent(AuditActor.System, "test.second"), default));
        try
        {
            await transaction.CommitAsync();
        }
        catch (Exception e) when (e is PostgresException or InvalidOperationException)
        {
            // PostgreSQL answers COMMIT of a failed transaction with a rollback; the question is what it stored.
        }

        // All or none: the first unit is not quietly taken out of a transaction that then commits the rest.
        await using var check = db.Scope();
        var stored = await check.ServiceProvider.GetRequiredService<LetheDbContext>().Tenants.IgnoreQueryFilters().SingleAsync(t => t.Id == tenant.Id);
        var after = await VerifyAsync(db);
        after.IsIntact.ShouldBeTrue(after.Problem);
        (stored.Name == "before the units").ShouldBe(after.EntriesChecked == before.EntriesChecked + 1, "the caller's own write and the first unit stand or fall together");
        (stored.Address == "first unit").ShouldBe(after.EntriesChecked == before.EntriesChecked + 1);
    }

    [Fact]
    public async Task A_unit_of_work_that_changed_the_audit_head_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await db.AppendAuditAsync(2);
        var before = await VerifyAsync(db);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        await Should.ThrowAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<AuditLog>().SaveChangesAsync(async ct =>
        {
            (await context.AuditHeads.SingleAsync(ct)).Hash = AuditChain.Genesis;
            return [new AuditEvent(AuditActor.System, "test.head")];
        }, default));

        var after = await VerifyAsync(db);
        after.IsIntact.ShouldBeTrue(after.Problem);
        after.HeadHash.ShouldBe(before.HeadHash);
    }
}
