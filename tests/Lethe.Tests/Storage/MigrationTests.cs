using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Storage;

public sealed class MigrationTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_migrations_produce_exactly_the_model(DatabaseProvider provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var created = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var migratedScope = migrated.Scope();
        await using var createdScope = created.Scope();
        var createdDb = createdScope.ServiceProvider.GetRequiredService<LetheDbContext>();
        if (provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(created.Settings.DataDirectory);
        }

        (await createdDb.Database.EnsureCreatedAsync()).ShouldBeTrue();

        var fromMigrations = await SchemaSnapshot.ReadAsync(migratedScope.ServiceProvider.GetRequiredService<LetheDbContext>());
        var fromModel = await SchemaSnapshot.ReadAsync(createdDb);

        fromMigrations.Count.ShouldBeGreaterThan(50);
        fromMigrations.Except(fromModel).ShouldBeEmpty("in the migrations but not the model");
        fromModel.Except(fromMigrations).ShouldBeEmpty("in the model but not the migrations");
    }

    [Fact]
    public async Task The_model_has_no_change_that_a_migration_does_not_hold()
    {
        // The snapshot is kept against SQLite (docs/architecture.md, "Migrations"); the test above covers PostgreSQL.
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();

        context.Database.HasPendingModelChanges().ShouldBeFalse("run scripts/add-migration.sh NAME after changing the model");
    }

    [Fact]
    public async Task A_PostgreSQL_database_that_does_not_exist_yet_is_created_and_migrated()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);
        var name = new Npgsql.NpgsqlConnectionStringBuilder(db.Settings.ConnectionString).Database;
        await using (var admin = new Npgsql.NpgsqlConnection(TestDatabase.PostgresServer()))
        {
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var applied = await DatabaseMigrator.MigrateAsync(context, db.Settings, CancellationToken.None);

        applied.ShouldBe(context.Database.GetMigrations().ToList());
        (await context.Database.GetAppliedMigrationsAsync()).ShouldBe(context.Database.GetMigrations());
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Migrating_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var before = await SchemaSnapshot.ReadAsync(context);

        var applied = await DatabaseMigrator.MigrateAsync(context, db.Settings, CancellationToken.None);

        applied.ShouldBeEmpty();
        (await SchemaSnapshot.ReadAsync(context)).ShouldBe(before);
        (await context.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task The_sign_in_locks_migration_keeps_queued_mail_and_ends_every_account_wide_lockout(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        // The state just before: a queued mail (its table is rebuilt on SQLite) and a person Identity had locked out.
        var (migrator, tenant) = await JustBeforeAsync(db, context, "20261125000004_ConsentStateIndex");
        var message = Guid.NewGuid();
        await context.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages ("Id", "TenantId", "Template", "Language", "Subject", "ProtectedTo", "ProtectedBody", "Status", "Attempts", "CreatedAt")
            VALUES ({message}, {tenant}, 'verification', 'da', 'Bekræft', 'to', 'body', 'queued', 0, {DateTime.UtcNow})
            """);
        await context.Database.ExecuteSqlAsync($"""
            INSERT INTO users ("Id", "MustChangePassword", "CreatedAt", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "LockoutEnd", "AccessFailedCount")
            VALUES ('locked', FALSE, {DateTime.UtcNow}, FALSE, FALSE, FALSE, TRUE, {DateTimeOffset.UtcNow.AddMinutes(10)}, 5)
            """);

        await migrator.MigrateAsync();

        var queued = await context.OutboxMessages.IgnoreQueryFilters().AsNoTracking().SingleAsync();
        (queued.Id, queued.TenantId, queued.Subject, queued.ProtectedBody).ShouldBe((message, tenant, "Bekræft", "body"));
        var user = await context.Users.AsNoTracking().SingleAsync(u => u.Id == "locked");
        (user.LockoutEnabled, user.LockoutEnd, user.AccessFailedCount).ShouldBe((false, null, 0));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Privacy_centre_requests_not_yet_approved_keep_a_typed_phone_number_unchecked(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var scope = db.Scope();
        var context = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        var (migrator, tenant) = await JustBeforeAsync(db, context, "20261216000000_DutyAssignments");
        const string EmailAndPhone = """[{"type":"email","value":"ann@example.dk"},{"type":"phone","value":"+4512345678"},{"type":"name","value":"Ann"}]""";
        const string ByLink = "E-mail address confirmed through the link or code sent to it.";
        var requests = new (string Name, string Channel, string Status, string? VerifiedBy, string? Evidence, string Identities)[]
        {
            ("linked", "privacy_centre", "verified", "e-mail link", ByLink, EmailAndPhone),
            ("linked, code wording", "privacy_centre", "verified", "e-mail link or code", ByLink, EmailAndPhone),
            ("awaiting the link", "privacy_centre", "awaiting_verification", null, null, EmailAndPhone),
            ("verified by an agent", "privacy_centre", "verified", "agent@shop.dk", "Passport seen at the counter.", EmailAndPhone),
            ("linked, then checked by an agent", "privacy_centre", "verified", "e-mail link or code", ByLink + " Called the number.", EmailAndPhone),
            ("approved", "privacy_centre", "in_progress", "e-mail link", ByLink, EmailAndPhone),
            ("through the API", "api", "verified", "system", "Signed letter.", EmailAndPhone),
            ("address only", "privacy_centre", "verified", "e-mail link", ByLink, """[{"type":"email","value":"bo@example.dk"}]"""),
        };
        var ids = new Dictionary<string, Guid>();
        foreach (var r in requests)
        {
            var id = ids[r.Name] = Guid.NewGuid();
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO requests ("Id", "TenantId", "Type", "IdentitiesJson", "CreatedAt", "DataMapRevision", "Status", "Channel", "Language", "VerifiedBy", "VerificationEvidence")
                VALUES ({id}, {tenant}, 'access', {r.Identities}, {DateTime.UtcNow}, 1, {r.Status}, {r.Channel}, 'da', {r.VerifiedBy}, {r.Evidence})
                """);
        }

        await migrator.MigrateAsync();

        var after = await context.Requests.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(r => r.Id);
        string Unchecked(string name) => string.Join(",", after[ids[name]].Identities().Where(i => i.Unverified).Select(i => $"{i.Type}={i.Value}"));
        Unchecked("linked").ShouldBe("phone=+4512345678,name=Ann");
        Unchecked("linked, code wording").ShouldBe("phone=+4512345678,name=Ann");
        Unchecked("awaiting the link").ShouldBe("phone=+4512345678,name=Ann");
        after[ids["linked"]].SearchIdentities().Select(i => i.Value).ShouldBe(["ann@example.dk"]);
        foreach (var untouched in new[] { "verified by an agent", "linked, then checked by an agent", "approved", "through the API" })
        {
            Unchecked(untouched).ShouldBeEmpty(untouched);
            after[ids[untouched]].Identities().Select(i => i.Value).ShouldBe(["ann@example.dk", "+4512345678", "Ann"], untouched);
        }

        after[ids["address only"]].IdentitiesJson.ShouldBe("""[{"type":"email","value":"bo@example.dk"}]""");
    }

    /// <summary>The database migrated up to <paramref name="migration"/>, with one tenant as that schema had it.</summary>
    private static async Task<(Microsoft.EntityFrameworkCore.Migrations.IMigrator Migrator, Guid Tenant)> JustBeforeAsync(
        TestDatabase db, LetheDbContext context, string migration)
    {
        if (db.Settings.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(db.Settings.DataDirectory);
        }

        var migrator = context.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        await migrator.MigrateAsync(migration);
        // The model of today may hold columns added since: only those every migration since the first has.
        var tenant = Guid.NewGuid();
        await context.Database.ExecuteSqlAsync($"""
            INSERT INTO tenants ("Id", "Slug", "Name", "Country", "RegistrationNumber", "Address", "ContactEmail", "SupervisoryAuthority", "ControllerApproves", "CreatedAt", "UpdatedAt")
            VALUES ({tenant}, 'shop', 'Shop ApS', 'DK', '42497762', 'Gade 1', 'shop@example.dk', 'Datatilsynet', FALSE, {DateTime.UtcNow}, {DateTime.UtcNow})
            """);
        return (migrator, tenant);
    }
}
