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
            var applied = await DatabaseMigrator.MigrateAsync(db, services.GetRequiredService<StorageSettings>(), ct);
            await context.Output.WriteLineAsync(applied.Count == 0
                ? "The database is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return LetheCli.Ok;
        });
        return command;
    }
}
