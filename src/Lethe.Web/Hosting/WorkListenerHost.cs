using Lethe.Work;

namespace Lethe.Web.Hosting;

/// <summary>Keeps the <see cref="WorkListener"/> listening in the web host, so work another server makes due starts here too.</summary>
public sealed class WorkListenerHost(WorkListener listener) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and migrating) first, as the workers do.
        await Task.Yield();
        await listener.RunAsync(stoppingToken);
    }
}
