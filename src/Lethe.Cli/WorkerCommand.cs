using System.CommandLine;
using Lethe.Requests;
using Lethe.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe.Cli;

/// <summary><c>lethe worker</c>: carries out due request steps, deferred erasures and retention runs, once (for cron) or until stopped.</summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext context)
    {
        var once = new Option<bool>("--once") { Description = "Run what is due now and exit (for a scheduler); otherwise check every Lethe__Worker__IntervalSeconds (30 by default) until stopped." };
        var command = new Command("worker", "Carry out due request steps, deferred erasures and scheduled retention runs without serving HTTP.") { once };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await context.CoreServicesAsync(parse);
            if (services is null)
            {
                return LetheCli.Failed;
            }

            await using (var scope = services.CreateAsyncScope())
            {
                await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<LetheDbContext>(), scope.ServiceProvider.GetRequiredService<StorageSettings>(), ct);
            }

            var interval = services.GetRequiredService<IOptions<WorkerOptions>>().Value.Interval;
            var round = services.GetRequiredService<RequestRound>();
            var retention = services.GetRequiredService<Lethe.Retention.RetentionWorker>();
            do
            {
                var ran = await round.RunAsync(ct);
                ran += await retention.RunDueAsync(ct);

                await context.Output.WriteLineAsync($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {ran} due item(s) run.");
                if (parse.GetValue(once) || interval is null)
                {
                    return LetheCli.Ok;
                }

                try
                {
                    await Task.Delay(interval.Value, ct);
                }
                catch (OperationCanceledException)
                {
                    return LetheCli.Ok;
                }
            }
            while (!ct.IsCancellationRequested);

            return LetheCli.Ok;
        });
        return command;
    }
}
