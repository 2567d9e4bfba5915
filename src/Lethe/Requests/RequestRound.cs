using Lethe.Messages;
using Lethe.Requests.Answers;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Requests;

/// <summary>
/// One round of the background work on requests, in the order each feeds the next: due steps and deferred erasures,
/// answer packages of requests that completed (and expired ones deleted), reminders (of requests, and of breaches' 72 hours), status webhooks, then the mail
/// all of these queued. <c>lethe serve</c> and <c>lethe worker</c> run it when a change makes work due and every 30 seconds.
/// </summary>
public sealed class RequestRound(RequestWorker steps, PackageWorker packages, StatusWebhooks webhooks, OutboxWorker outbox, IServiceScopeFactory scopes)
{
    /// <returns>How many items of work were done.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var done = 0;
        int batch;
        while ((batch = await steps.RunDueAsync(ct)) > 0 && !ct.IsCancellationRequested)
        {
            // More may be due than one batch takes; go on at once.
            done += batch;
        }

        while ((batch = await packages.RunDueAsync(ct)) > 0 && !ct.IsCancellationRequested)
        {
            // A batch is 20 packages; the rest would wait for the next round, which may be the timed one.
            done += batch;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            done += await scope.ServiceProvider.GetRequiredService<RequestReminders>().RunDueAsync(ct);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            // The breaches' 72-hour reminders ride along, so their mail goes out in the same round.
            done += await scope.ServiceProvider.GetRequiredService<Breaches.BreachReminders>().RunDueAsync(ct);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            // New API keys' secrets that nobody came to see ride along: they are kept for minutes, not until someone looks.
            await scope.ServiceProvider.GetRequiredService<Accounts.ApiKeyCommands>().DropUnshownAsync(ct);
        }

        done += await webhooks.RunDueAsync(ct);
        while ((batch = await outbox.RunDueAsync(ct)) > 0 && !ct.IsCancellationRequested)
        {
            done += batch;
        }

        return done;
    }
}
