using System.Reflection;
using Lethe.Audit;
using Lethe.Messages;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Tests.Storage;

/// <summary>Reads the whole EF model, so a table added with a TenantId and no tenant filter fails here.</summary>
public sealed class TenantFilterModelTests
{
    private const string TenantId = nameof(ITenantOwned.TenantId);

    /// <summary>Tables with a TenantId that hold rows of no tenant too, so they keep a filter of their own.</summary>
    private static readonly Dictionary<Type, string> OwnFilter = new()
    {
        [typeof(AuditEntry)] = "platform entries have no tenant; a unit of work without a tenant sees those",
        [typeof(OutboxMessage)] = "Lethe's own mail has no tenant and is in no one's view",
    };

    /// <summary>Tables with a TenantId and no filter at all.</summary>
    private static readonly Dictionary<Type, string> Unfiltered = new()
    {
        [typeof(RoleAssignment)] = "read across tenants at sign-in to learn which tenants a person may enter; its TenantId is what the role grants, not who owns the row",
    };

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Every_entity_with_a_tenant_id_has_the_tenant_filter_unless_named_here(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var scope = db.Scope();
        var model = scope.ServiceProvider.GetRequiredService<LetheDbContext>().Model;

        var withTenant = TenantIdEntities(model).Select(e => e.ClrType).ToList();

        withTenant.Count.ShouldBe(36, "33 tenant-owned tables, the audit log, the outbox and role assignments");
        OwnFilter.Keys.Concat(Unfiltered.Keys).ShouldBeSubsetOf(withTenant, "an exception named here that has no TenantId is stale");
        foreach (var type in withTenant)
        {
            var filters = model.FindEntityType(type)!.GetDeclaredQueryFilters();
            if (Unfiltered.ContainsKey(type))
            {
                filters.ShouldBeEmpty(type.Name);
                continue;
            }

            filters.Count.ShouldBe(1, $"{type.Name} has a TenantId but no tenant query filter");
            if (!OwnFilter.ContainsKey(type))
            {
                typeof(ITenantOwned).IsAssignableFrom(type).ShouldBeTrue($"{type.Name} should be ITenantOwned so the filter comes by convention");
            }
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task Every_tenant_filter_hides_the_rows_of_another_tenant(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        List<IEntityType> filtered;
        await using (var scope = db.Scope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            filtered = TenantIdEntities(writer.Model).Where(e => !Unfiltered.ContainsKey(e.ClrType)).ToList();
            await InsertWithoutForeignKeysAsync(writer, filtered.SelectMany(e => new[] { SampleRow(writer, e, a), SampleRow(writer, e, b) }));
        }

        await using var inA = db.Scope();
        inA.ServiceProvider.GetRequiredService<TenantScope>().Enter(a);
        var contextA = inA.ServiceProvider.GetRequiredService<LetheDbContext>();
        await using var inNone = db.Scope();
        var contextNone = inNone.ServiceProvider.GetRequiredService<LetheDbContext>();
        foreach (var entity in filtered)
        {
            var all = await OwnersAsync(contextA, entity, ignoreFilters: true);
            all.ShouldContain(b, entity.ClrType.Name);

            var seen = await OwnersAsync(contextA, entity, ignoreFilters: false);
            seen.ShouldNotBeEmpty(entity.ClrType.Name);
            seen.ShouldAllBe(owner => owner == a, $"{entity.ClrType.Name} shows another tenant's rows");
            seen.Count.ShouldBe(all.Count(owner => owner == a), entity.ClrType.Name);

            (await OwnersAsync(contextNone, entity, ignoreFilters: false)).ShouldBeEmpty($"{entity.ClrType.Name} without a tenant");
        }
    }

    private static IEnumerable<IEntityType> TenantIdEntities(IModel model) =>
        model.GetEntityTypes().Where(e => e.FindProperty(TenantId) is not null).OrderBy(e => e.ClrType.Name, StringComparer.Ordinal);

    /// <summary>Rows of every table at once, whose other foreign keys point nowhere: the filter is the only thing under test.</summary>
    private static async Task InsertWithoutForeignKeysAsync(LetheDbContext db, IEnumerable<object> rows)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "SET session_replication_role = replica" : "PRAGMA foreign_keys = OFF");
            foreach (var row in rows)
            {
                db.Add(row);
            }

            await db.SaveChangesAsync();
        }
        finally
        {
            // Undone whatever happened: Lethe's pooled connections are not reset (PostgresDefaults), so a setting left
            // here would reach the next test on this connection.
            await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "RESET session_replication_role" : "PRAGMA foreign_keys = ON");
            await db.Database.CloseConnectionAsync();
        }
    }

    private static object SampleRow(LetheDbContext db, IEntityType entity, Guid tenant)
    {
        var row = Activator.CreateInstance(entity.ClrType, nonPublic: true)!;
        var entry = db.Entry(row);
        foreach (var property in entity.GetProperties())
        {
            if (property.Name == TenantId)
            {
                entry.Property(TenantId).CurrentValue = tenant;
            }
            else if ((property.IsKey() && property.ValueGenerated != ValueGenerated.Never) || (property.IsNullable && !property.IsKey()))
            {
                // Made by EF Core or the database, or free to stay empty.
            }
            else
            {
                entry.Property(property.Name).CurrentValue = SampleValue(property);
            }
        }

        entry.State = EntityState.Detached;
        return row;
    }

    private static object SampleValue(IProperty property)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var unique = Random.Shared.Next(1, 1_000_000);
        return type switch
        {
            _ when type == typeof(string) => Guid.NewGuid().ToString("N")[..Math.Min(property.GetMaxLength() ?? 32, 32)],
            _ when type == typeof(Guid) => Guid.NewGuid(),
            _ when type == typeof(int) => unique,
            _ when type == typeof(long) => (long)unique,
            _ when type == typeof(bool) => false,
            _ when type == typeof(DateTime) => DateTime.UtcNow,
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.UtcNow,
            _ when type == typeof(DateOnly) => DateOnly.FromDateTime(DateTime.UtcNow),
            _ when type == typeof(double) => 1.0,
            _ when type == typeof(decimal) => 1m,
            _ when type == typeof(byte[]) => new byte[] { 1 },
            _ when type.IsEnum => Enum.GetValues(type).GetValue(0)!,
            _ when type == typeof(Lethe.DataMap.DatastoreKind) => Lethe.DataMap.DatastoreKind.Sqlite,
            _ => throw new NotSupportedException($"Add a sample value for {type.Name} ({property.DeclaringType.DisplayName()}.{property.Name})."),
        };
    }

    private static Task<List<Guid?>> OwnersAsync(LetheDbContext db, IEntityType entity, bool ignoreFilters) =>
        (Task<List<Guid?>>)typeof(TenantFilterModelTests).GetMethod(nameof(OwnersOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(entity.ClrType).Invoke(null, [db, entity.FindProperty(TenantId)!.IsNullable, ignoreFilters])!;

    private static Task<List<Guid?>> OwnersOfAsync<T>(LetheDbContext db, bool nullable, bool ignoreFilters)
        where T : class
    {
        var rows = ignoreFilters ? db.Set<T>().IgnoreQueryFilters() : db.Set<T>();
        return nullable
            ? rows.Select(x => EF.Property<Guid?>(x, TenantId)).ToListAsync()
            : rows.Select(x => (Guid?)EF.Property<Guid>(x, TenantId)).ToListAsync();
    }
}
