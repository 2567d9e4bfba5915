using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
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
}
