using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Lethe.Design;

/// <summary>
/// The context `dotnet ef` builds the model from. SQLite: the model snapshot is kept against SQLite's store types
/// (docs/architecture.md, "Migrations"); the tool never opens this database.
/// For scripts/compile-model.sh, LETHE_DESIGN_PROVIDER names the provider whose compiled model is written, and the
/// tenant filters are left out of that model: EF Core cannot write query filters into a compiled model, so Lethe adds
/// them to it when it loads it (Storage/CompiledModels/TenantFilters.cs).
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<LetheDbContext>
{
    public LetheDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LetheDbContext>();
        switch (Environment.GetEnvironmentVariable("LETHE_DESIGN_PROVIDER"))
        {
            case null or "":
                LetheDbContext.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db", compiledModel: false);
                break;
            case var name:
                var provider = Enum.Parse<DatabaseProvider>(name, ignoreCase: true);
                LetheDbContext.Configure(options, provider, provider == DatabaseProvider.Sqlite ? "Data Source=design-time.db" : "Host=design-time", compiledModel: false);
                options.ReplaceService<IModelCustomizer, WithoutQueryFilters>();
                AppContext.SetSwitch(WireNameConverter<DatabaseProvider>.WritingCompiledModelSwitch, true);
                break;
        }

        return new LetheDbContext(options.Options);
    }

    private sealed class WithoutQueryFilters(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            foreach (var entity in modelBuilder.Model.GetEntityTypes())
            {
                entity.SetQueryFilter(null);
            }
        }
    }
}
