using System.Data.Common;
using Lethe.DataMap;
using Lethe.Execution;

namespace Lethe.Retention;

/// <summary>
/// The rows of people retention must leave alone: those on a legal hold, and those with a request still open (deleting
/// an employee must not defeat a pending access request). Found with the same walk requests use, so a hold covers the
/// person's related rows too (the recordings of a held employee).
/// </summary>
public static class PersonHolds
{
    /// <returns>Keys of held rows per collection of the datastore.</returns>
    public static async Task<Dictionary<string, List<object>>> FindAsync(
        DbConnection connection, string datastore, Datastore store, IEnumerable<IReadOnlyCollection<Identity>> people, CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        var keyColumns = store.Collections.ToDictionary(c => c.Name, c => c.KeyColumn, StringComparer.Ordinal);
        foreach (var identities in people)
        {
            var plan = WalkPlan.For(datastore, store, identities);
            if (plan.Steps.Count == 0)
            {
                continue;
            }

            await WalkRunner.RunAsync(connection, plan, identities, row =>
            {
                if (!row.Context && row.Values.GetValueOrDefault(keyColumns.GetValueOrDefault(row.Collection, "id")) is { } key)
                {
                    (held.TryGetValue(row.Collection, out var list) ? list : held[row.Collection] = []).Add(key);
                }

                return ValueTask.CompletedTask;
            }, cancellationToken);
        }

        return held;
    }
}
