using Lethe.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Requests;

/// <summary>A request being carried out follows its steps: the runner, manual tasks, callbacks and choices all end here.</summary>
internal static class RequestProgress
{
    /// <summary>
    /// Moves a request that is being carried out to where its steps are: completed when every step is done, awaiting
    /// external steps while a system or a person has one, otherwise in progress. Added to the caller's unit of work;
    /// steps the caller changed count as changed (EF hands back the tracked ones). The request, as it is now.
    /// </summary>
    public static async Task<DataRequest> UpdateAsync(LetheDbContext db, Guid requestId, DateTime now, CancellationToken cancellationToken)
    {
        var request = await db.Requests.IgnoreQueryFilters().SingleAsync(r => r.Id == requestId, cancellationToken);
        if (request.Status is RequestStatus.InProgress or RequestStatus.AwaitingExternal)
        {
            request.FollowSteps(await db.RequestSteps.IgnoreQueryFilters().Where(s => s.RequestId == requestId).ToListAsync(cancellationToken), now);
        }

        return request;
    }
}
