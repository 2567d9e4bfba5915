using Lethe.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Scanning;

/// <summary>Carries out scans that were started (from the API or the console) and not finished, oldest first.</summary>
public sealed class ScanWorker(IServiceScopeFactory scopes)
{
    /// <returns>How many scans finished in this round.</returns>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        List<Guid> open;
        await using (var scope = scopes.CreateAsyncScope())
        {
            open = await scope.ServiceProvider.GetRequiredService<LetheDbContext>().ScanRuns.IgnoreQueryFilters().AsNoTracking()
                .Where(r => r.FinishedAt == null).OrderBy(r => r.StartedAt).Select(r => r.Id).ToListAsync(ct);
        }

        var finished = 0;
        foreach (var id in open)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<ScanRunner>().WorkAsync(id, null, ct))
            {
                finished++;
            }
        }

        return finished;
    }
}
