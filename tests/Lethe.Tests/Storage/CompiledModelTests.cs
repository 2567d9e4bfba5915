using System.Text;
using Lethe.Storage;
using Lethe.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Lethe.Tests.Storage;

/// <summary>
/// The compiled models (scripts/compile-model.sh) must be the model OnModelCreating builds: a model change without a
/// new compiled model would have Lethe read and write tables as they were. Compared on what queries and saving use —
/// tables, columns, store types, conversions, keys, relationships, indexes — and on the tenant filters, which Lethe adds
/// to a compiled model as it loads.
/// </summary>
public sealed class CompiledModelTests
{
    [Theory]
    [ClassData(typeof(Databases))]
    public void The_compiled_model_is_the_model_OnModelCreating_builds(DatabaseProvider provider)
    {
        var built = Model(provider, compiled: false);
        var compiled = Model(provider, compiled: true);

        compiled.ShouldNotBeSameAs(built);
        compiled.GetType().Namespace.ShouldBe($"Lethe.Storage.CompiledModels.{provider}", "the compiled model of this provider is the one in use");
        var expected = Describe(built);
        var actual = Describe(compiled);
        if (actual != expected)
        {
            var firstDifference = expected.Split('\n').Zip(actual.Split('\n')).First(p => p.First != p.Second);
            Assert.Fail($"The compiled {provider} model is stale: run scripts/compile-model.sh. First difference — built: '{firstDifference.First}', compiled: '{firstDifference.Second}'.");
        }
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public void Every_table_has_the_same_tenant_filter_in_both_models(DatabaseProvider provider)
    {
        var built = Model(provider, compiled: false);
        var compiled = Model(provider, compiled: true);

        var filtered = 0;
        foreach (var entity in built.GetEntityTypes())
        {
            var expected = entity.GetDeclaredQueryFilters().Select(f => f.Expression?.ToString()).ToList();
            var actual = compiled.FindEntityType(entity.Name)!.GetDeclaredQueryFilters().Select(f => f.Expression?.ToString()).ToList();
            actual.ShouldBe(expected, entity.Name);
            filtered += expected.Count;
        }

        filtered.ShouldBeGreaterThan(30, "the tenant-owned tables, the audit log and the outbox");
    }

    private static IModel Model(DatabaseProvider provider, bool compiled)
    {
        var options = new DbContextOptionsBuilder<LetheDbContext>();
        LetheDbContext.Configure(options, provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost", compiled);
        using var context = new LetheDbContext(options.Options);
        // Both as they run: the model built from OnModelCreating is also reduced to its runtime form once built.
        return context.Model;
    }

    /// <summary>One line per fact the runtime reads, sorted, so two models that differ show the first line they differ on.</summary>
    private static string Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var entity in model.GetEntityTypes())
        {
            var table = StoreObjectIdentifier.Create(entity, StoreObjectType.Table);
            lines.Add($"{entity.Name} table={entity.GetTableName()} schema={entity.GetSchema()} base={entity.BaseType?.Name} owned={entity.IsOwned()}");
            foreach (var p in entity.GetProperties())
            {
                var column = table is { } t ? p.GetColumnName(t) : p.GetColumnName();
                var converter = p.GetValueConverter() ?? p.GetTypeMapping().Converter;
                lines.Add($"{entity.Name}.{p.Name} clr={p.ClrType} column={column} type={p.GetColumnType()} null={p.IsNullable} max={p.GetMaxLength()} "
                    + $"converter={converter?.GetType().Name}({converter?.ProviderClrType.Name}) generated={p.ValueGenerated} concurrency={p.IsConcurrencyToken} "
                    + $"shadow={p.IsShadowProperty()} sentinel={p.Sentinel}");
            }

            lines.AddRange(entity.GetKeys().Select(k => $"{entity.Name} key {Names(k.Properties)} primary={k.IsPrimaryKey()}"));
            lines.AddRange(entity.GetForeignKeys().Select(f =>
                $"{entity.Name} fk {Names(f.Properties)} -> {f.PrincipalEntityType.Name}{Names(f.PrincipalKey.Properties)} delete={f.DeleteBehavior} required={f.IsRequired} unique={f.IsUnique} ownership={f.IsOwnership}"));
            lines.AddRange(entity.GetIndexes().Select(i => $"{entity.Name} index {Names(i.Properties)} unique={i.IsUnique}"));
            lines.AddRange(entity.GetNavigations().Select(n => $"{entity.Name} navigation {n.Name} -> {n.TargetEntityType.Name} collection={n.IsCollection}"));
        }

        lines.Sort(StringComparer.Ordinal);
        return new StringBuilder().AppendJoin('\n', lines).ToString();
    }

    private static string Names(IEnumerable<IProperty> properties) => "(" + string.Join(",", properties.Select(p => p.Name)) + ")";
}
