using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Lethe.Design;

/// <summary>
/// The context `dotnet ef` builds the model from. SQLite: the model snapshot is kept against SQLite's store types
/// (docs/architecture.md, "Migrations"); the tool never opens this database.
/// </summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<LetheDbContext>
{
    public LetheDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LetheDbContext>();
        LetheDbContext.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new LetheDbContext(options.Options);
    }
}
