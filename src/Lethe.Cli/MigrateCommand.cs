using System.CommandLine;
using Lethe.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Cli;

/// <summary><c>lethe migrate</c>: bring the database schema up to date and stop.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("migrate", "Apply pending database migrations.");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await context.CoreServicesAsync(parse);
            if (services is null)
            {
                return LetheCli.Failed;
            }

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var settings = services.GetRequiredService<StorageSettings>();
            // A mistyped --data makes a new, empty database: said with its full path, so the operator sees it was not theirs.
            var file = Path.GetFullPath(Path.Combine(settings.DataDirectory, StorageSettings.SqliteFileName));
            var created = settings.Provider == DatabaseProvider.Sqlite && !File.Exists(file);
            var applied = await DatabaseMigrator.MigrateAsync(db, settings, ct);
            await context.Output.WriteLineAsync(applied.Count == 0
                ? "The database is up to date."
                : created
                    ? $"Created a new, empty database at {file} and applied {applied.Count} migration(s)."
                    : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return LetheCli.Ok;
        });
        return command;
    }
}
