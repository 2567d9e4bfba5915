using Lethe.Work;

namespace Lethe.Web.Hosting;

/// <summary>Keeps the <see cref="WorkListener"/> listening in the web host, so work another server makes due starts here too.</summary>
public sealed class WorkListenerHost(WorkListener listener, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Listening starts once the server is ready, not during its start; a pulse missed before then is work the
        // first timed round finds.
        try
        {
            await lifetime.WaitUntilStartedAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await listener.RunAsync(stoppingToken);
    }
}
