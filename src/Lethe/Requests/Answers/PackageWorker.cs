using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Requests.Answers;

/// <summary>
/// Makes the answer packages of requests that completed — each claimed first (<see cref="AnswerPackages.ClaimAsync"/>), so
/// servers sharing a database make each one once — and deletes those that expired, each in a scope of its own. A
/// package that cannot be made (a datastore down: the answer would be incomplete) is counted, retried and at last given
/// up on, in <see cref="PackageFailure"/>, where <c>/health/work</c>, the console and the person's status page see it.
/// </summary>
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
            string reason;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var packages = scope.ServiceProvider.GetRequiredService<AnswerPackages>();
                if (!await packages.ClaimAsync(id, ct))
                {
                    // Another server makes it (every server a notification woke found it due), or made it already.
                    continue;
                }

                var built = await packages.BuildAsync(id, ct);
                if (built.Succeeded)
                {
                    // Which server made it, for an operator running several (the request id names no one).
                    logger.LogInformation("Stored the answer package of request {Id}.", id);
                    made++;
                    continue;
                }

                reason = built.Failure.Detail;
                logger.LogWarning("The answer package of request {Id} could not be made: {Problem}", id, reason);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reason = Lethe.Connectors.DatastoreMessages.Unexpected(e);
                logger.LogError(e, "Making the answer package of request {Id} failed.", id);
            }

            await RecordAsync(id, reason, ct);
        }

        return made + expired;
    }

    /// <summary>In a scope of its own: the failed one may hold half-made changes.</summary>
    private async Task RecordAsync(Guid id, string reason, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AnswerPackages>().RecordFailureAsync(id, reason, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The failure to make the answer package of request {Id} could not be recorded; it is tried again next round.", id);
        }
    }
}
