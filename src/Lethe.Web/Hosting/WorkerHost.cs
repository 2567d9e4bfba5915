using Lethe.Requests;

namespace Lethe.Web.Hosting;

/// <summary>Runs the request worker in the web host: due request steps, retries and deferred erasures, then answer packages and the outbox.</summary>
public sealed class WorkerHost(
    RequestWorker worker, PackageWorker packages, Lethe.Messages.OutboxWorker outbox, StatusWebhooks webhooks, IServiceScopeFactory scopes, IConfiguration configuration,
    TimeProvider time, ILogger<WorkerHost> logger)
    : IntervalHost(configuration, time, logger)
{
    protected override string What => "request worker";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        while (await worker.RunDueAsync(cancellationToken) > 0 && !cancellationToken.IsCancellationRequested)
        {
            // More may be due than one round takes; go on at once.
        }

        await packages.RunDueAsync(cancellationToken);
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RequestReminders>().RunDueAsync(cancellationToken);
        }

        await webhooks.RunDueAsync(cancellationToken);
        while (await outbox.RunDueAsync(cancellationToken) > 0 && !cancellationToken.IsCancellationRequested)
        {
            // Messages queued by the steps and packages just made go out in the same round.
        }
    }
}
