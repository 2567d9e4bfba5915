using Lethe.Consent;
using Lethe.Work;

namespace Lethe.Web.Hosting;

/// <summary>
/// Keeps the web host listening on PostgreSQL: for work another server makes due (<see cref="WorkListener"/>), so it
/// starts here too, and for changes to consent events (<see cref="ConsentChanges"/>), so the state read may answer
/// from memory.
/// </summary>
public sealed class ListenersHost(WorkListener work, ConsentChanges consent, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Listening starts once the server is ready, not during its start; a pulse missed before then is work the
        // first timed round finds, and until then every state read asks the database.
        try
        {
            await lifetime.WaitUntilStartedAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await Task.WhenAll(work.RunAsync(stoppingToken), consent.RunAsync(stoppingToken));
    }
}
