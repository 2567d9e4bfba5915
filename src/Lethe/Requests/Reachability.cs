using Lethe.DataMap;
using Lethe.Execution;

namespace Lethe.Requests;

/// <summary>Whether a request's identities can find anything in a datastore; a step for one they cannot is done at once.</summary>
public static class Reachability
{
    /// <summary>Whether any of the identities can find rows in the datastore (a composite counts only whole).</summary>
    public static bool Reachable(Datastore store, IReadOnlyCollection<Identity> identities) =>
        !store.Kind.IsSql
            ? store.Collections.SelectMany(c => c.Fields).Any(f => f.Identifies is not null && identities.Any(i => i.Type == f.Identifies))
            : WalkPlan.For("", store, identities).Steps.Count > 0;
}
