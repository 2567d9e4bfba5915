using System.CommandLine;
using Lethe.Requests;
using Lethe.Storage;
using Lethe.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lethe.Cli;

/// <summary>
/// <c>lethe worker</c>: carries out due request steps, deferred erasures and retention runs, once (for cron) or until
/// stopped — then as soon as a change makes work due (on PostgreSQL, a change made by any server), and at the timed round.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext context)
    {
        var once = new Option<bool>("--once") { Description = "Run what is due now and exit (for a scheduler); otherwise work what becomes due until stopped, and look every Lethe__Worker__IntervalSeconds (30 by default)." };
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

            var worker = services.GetRequiredService<IOptions<WorkerOptions>>().Value;
            var round = services.GetRequiredService<RequestRound>();
            var retention = services.GetRequiredService<Lethe.Retention.RetentionWorker>();
            if (parse.GetValue(once) || worker.Interval is not { } interval)
            {
                var ran = await round.RunAsync(ct) + await retention.RunDueAsync(ct);
                await context.Output.WriteLineAsync($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {ran} due item(s) run.");
                return LetheCli.Ok;
            }

            var waiter = services.GetRequiredService<WorkSignal>().Subscribe();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var listening = services.GetRequiredService<WorkListener>().RunAsync(stop.Token);
            try
            {
                await LoopAsync(context, round, retention, waiter, worker, interval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopped (Ctrl+C): whatever was half done is leased and picked up again, here or by another worker.
            }
            finally
            {
                await stop.CancelAsync();
                await listening;
            }

            return LetheCli.Ok;
        });
        return command;
    }

    private static async Task LoopAsync(
        CliContext context, RequestRound round, Lethe.Retention.RetentionWorker retention, WorkSignal.Waiter waiter, WorkerOptions worker, TimeSpan interval,
        CancellationToken ct)
    {
        var timed = true;
        DateTime? retentionLooked = null;
        while (!ct.IsCancellationRequested)
        {
            var ran = await round.RunAsync(ct);
            // Retention falls due by the calendar, not by a change: looked for once an interval, however often changes wake the loop.
            if (retentionLooked is null || DateTime.UtcNow - retentionLooked >= interval)
            {
                retentionLooked = DateTime.UtcNow;
                ran += await retention.RunDueAsync(ct);
            }

            if (ran > 0 || timed)
            {
                await context.Output.WriteLineAsync($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {ran} due item(s) run.");
            }

            if (worker.Wake == WorkWake.Timer)
            {
                await Task.Delay(interval, ct);
                timed = true;
            }
            else
            {
                timed = !await waiter.WaitAsync(interval, TimeProvider.System, ct);
            }
        }
    }
}
