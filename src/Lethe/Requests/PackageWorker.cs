using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Requests;

/// <summary>Makes the answer packages of requests that completed and deletes those that expired, each in a scope of its own.</summary>
public sealed class PackageWorker(IServiceScopeFactory scopes, ILogger<PackageWorker> logger)
{
    /// <returns>How many packages were made or deleted.</returns>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        IReadOnlyList<Guid> due;
        int expired;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var packages = scope.ServiceProvider.GetRequiredService<AnswerPackages>();
            expired = await packages.ExpireAsync(ct);
            due = await packages.DueAsync(ct);
        }

        var made = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                var built = await scope.ServiceProvider.GetRequiredService<AnswerPackages>().BuildAsync(id, ct);
                if (built.Succeeded)
                {
                    made++;
                }
                else
                {
                    logger.LogWarning("The answer package of request {Id} could not be made: {Problem}", id, built.Failure.Detail);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Tried again next round: the request stays completed without a package until it is made.
                logger.LogError(e, "Making the answer package of request {Id} failed.", id);
            }
        }

        return made + expired;
    }
}
