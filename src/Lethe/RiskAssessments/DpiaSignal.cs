using System.Text.Json.Serialization;
using Lethe.DataMap;

namespace Lethe.RiskAssessments;

/// <summary>What in the data map suggests an impact assessment (Art. 35(3), Datatilsynet's list of processing that requires one).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DpiaSignal>))]
public enum DpiaSignal
{
    /// <summary>Special categories of data (Art. 9), by the categories' own <see cref="DataCategory.Special"/> mark.</summary>
    [JsonStringEnumMemberName("special_categories")] SpecialCategories = 1,

    /// <summary>National identity numbers (CPR, fødselsnummer) held for every person of a register (Art. 87; Datatilsynet's list).</summary>
    [JsonStringEnumMemberName("national_ids")] NationalIds,

    /// <summary>Systematic monitoring: call recordings, usage or online tracking of the people (Art. 35(3)(c)).</summary>
    [JsonStringEnumMemberName("systematic_monitoring")] SystematicMonitoring,
}

/// <summary>One reason a DPIA may be needed, with where in the system the data map shows it (<c>datastore.collection.field</c> or an activity).</summary>
public sealed record DpiaReason(DpiaSignal Signal, IReadOnlyList<string> Where);

/// <summary>
/// Whether the data map suggests a data protection impact assessment for a system: it warns, it does not decide, since
/// the scale and the context are the controller's to judge. Special categories and national ids are recognised the way
/// the breach register calls them out (<see cref="Breaches.BreachImpact"/>): a category marked special, the
/// <c>identity.national_id</c> category or a field that identifies by national id.
/// </summary>
public static class DpiaCheck
{
    /// <summary>Categories whose processing is monitoring of the people: recording calls, and logging what they use and do.</summary>
    public static readonly IReadOnlySet<string> MonitoringCategories = new HashSet<string>(StringComparer.Ordinal)
    {
        "communication.call_recording", "communication.usage", "technical.usage", "technical.cookie_id",
    };

    public static IReadOnlyList<DpiaReason> For(Manifest manifest, SystemDefinition system)
    {
        var special = new List<string>();
        var nationalIds = new List<string>();
        var monitoring = new List<string>();
        foreach (var store in system.Datastores)
        {
            foreach (var collection in store.Collections)
            {
                var fields = collection.Fields.Select(f => (f.Name, f.Category, f.Identifies))
                    .Concat(collection.KeyValue?.Entries.Select(e => (Name: e.Key, e.Category, Identifies: (string?)null)) ?? []);
                foreach (var (name, category, identifies) in fields)
                {
                    var where = $"{store.Key}.{collection.Name}.{name}";
                    if (category is not null && IsSpecial(manifest, category))
                    {
                        special.Add(where);
                    }

                    // Held for every person of a register, not met in passing: the rows are people or belong to them.
                    if ((category == Breaches.BreachImpact.NationalIdCategory || identifies == "national_id") && collection.IsOwned)
                    {
                        nationalIds.Add(where);
                    }

                    if (category is not null && MonitoringCategories.Contains(category))
                    {
                        monitoring.Add(where);
                    }
                }
            }
        }

        // An activity may name a special category for a system whose fields do not (a manual process, a webhook).
        special.AddRange(manifest.Activities.Where(a => a.Systems.Contains(system.Key) && a.Categories.Any(c => IsSpecial(manifest, c)))
            .Select(a => $"activity {a.Key}"));
        var reasons = new List<DpiaReason>();
        Add(reasons, DpiaSignal.SpecialCategories, special);
        Add(reasons, DpiaSignal.NationalIds, nationalIds);
        Add(reasons, DpiaSignal.SystematicMonitoring, monitoring);
        return reasons;
    }

    private static bool IsSpecial(Manifest manifest, string category) =>
        (manifest.DataCategories.FirstOrDefault(c => c.Key == category) ?? Taxonomy.Find(category))?.Special ?? false;

    private static void Add(List<DpiaReason> reasons, DpiaSignal signal, List<string> where)
    {
        if (where.Count > 0)
        {
            reasons.Add(new DpiaReason(signal, where.Distinct(StringComparer.Ordinal).ToList()));
        }
    }
}
