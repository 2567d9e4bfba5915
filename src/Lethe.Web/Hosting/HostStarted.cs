namespace Lethe.Web.Hosting;

/// <summary>Lets background work wait for the server to be ready instead of sharing its start.</summary>
public static class HostStarted
{
    /// <summary>Completes when the host has started (Kestrel listening, every hosted service started).</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled first.</exception>
    public static async Task WaitUntilStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(cancellationToken);
        }
    }
}
