using Lethe.Common;
using Lethe.DataMap;
using Lethe.Localization;

namespace Lethe.Breaches;

/// <summary>A collection a breach touched, with the datastore (<c>system.datastore</c>) that holds it.</summary>
public sealed record AffectedCollection(string System, string DatastoreName, Datastore Store, Collection Collection)
{
    public string Path => $"{DatastoreName}.{Collection.Name}";
}

/// <summary>A category of data a breach touched: special categories (Art. 9) and national identity numbers are called out.</summary>
public sealed record AffectedCategory(string Key, LocalizedText Name, bool Special, bool NationalId);

/// <summary>
/// What a breach touched, derived from the data map rather than typed in again: the collections of the systems,
/// datastores and collections named, the categories of data their fields hold, and the categories of people whose
/// processing uses those systems (Art. 33(3)(a)).
/// </summary>
public sealed record BreachImpact(
    IReadOnlyList<string> Systems,
    IReadOnlyList<AffectedCollection> Collections,
    IReadOnlyList<AffectedCategory> DataCategories,
    IReadOnlyList<SubjectCategory> Subjects)
{
    public const string NationalIdCategory = "identity.national_id";

    public bool HasSpecialCategories => DataCategories.Any(c => c.Special);

    public bool HasNationalIds => DataCategories.Any(c => c.NationalId);

    /// <summary>
    /// The parts named, each a system, a datastore or a collection of <paramref name="manifest"/>, or the reason one is
    /// not (in <paramref name="errors"/> under <paramref name="field"/>).
    /// </summary>
    public static BreachImpact? Of(Manifest manifest, IReadOnlyList<string> parts, ValidationErrors errors, string field = "affected")
    {
        if (parts.Count == 0)
        {
            errors.Add(field, Texts.Get("error.breach.name_affected", "en"));
            return null;
        }

        var collections = new List<AffectedCollection>();
        foreach (var part in parts)
        {
            var found = Resolve(manifest, part);
            if (found.Count == 0)
            {
                var example = manifest.Systems.SelectMany(s => s.Datastores.SelectMany(d => d.Collections.Select(c => $"{s.Key}.{d.Key}.{c.Name}"))).FirstOrDefault();
                errors.Add(field, example is null
                    ? Texts.Fill(Texts.Get("error.breach.not_in_data_map", "en"), new Dictionary<string, string> { ["part"] = Shorten(part) })
                    : Texts.Fill(Texts.Get("error.breach.not_in_data_map_example", "en"), new Dictionary<string, string> { ["part"] = Shorten(part), ["example"] = example }));
            }

            collections.AddRange(found.Where(f => !collections.Any(c => c.Path == f.Path)));
        }

        return errors.Any ? null : From(manifest, collections);
    }

    /// <summary>The impact of exactly these collections.</summary>
    public static BreachImpact From(Manifest manifest, IReadOnlyList<AffectedCollection> collections)
    {
        var systems = collections.Select(c => c.System).Distinct(StringComparer.Ordinal).ToList();
        var nationalIdFields = collections.SelectMany(c => c.Collection.Fields).Where(f => f.Identifies == "national_id").Select(f => f.Category).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var keys = collections
            .SelectMany(c => c.Collection.Fields.Select(f => f.Category).Concat(c.Collection.KeyValue?.Entries.Select(e => e.Category) ?? []))
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var categories = keys.Select(key =>
        {
            var known = manifest.DataCategories.FirstOrDefault(c => c.Key == key) ?? Taxonomy.Find(key);
            return new AffectedCategory(key, known?.Name ?? LocalizedText.Once(key), known?.Special ?? false, key == NationalIdCategory || nationalIdFields.Contains(key));
        }).ToList();
        var subjects = manifest.Activities.Where(a => a.Systems.Any(systems.Contains)).SelectMany(a => a.Subjects).Distinct(StringComparer.Ordinal)
            .Select(key => manifest.SubjectCategories.FirstOrDefault(s => s.Key == key)).OfType<SubjectCategory>().ToList();
        return new BreachImpact(systems, collections, categories, subjects);
    }

    private static List<AffectedCollection> Resolve(Manifest manifest, string part)
    {
        var names = part.Split('.');
        if (names.Length is < 1 or > 3 || manifest.Systems.FirstOrDefault(s => s.Key == names[0]) is not { } system)
        {
            return [];
        }

        var stores = system.Datastores.Where(d => names.Length == 1 || d.Key == names[1]);
        return stores.SelectMany(d => d.Collections.Where(c => names.Length < 3 || c.Name == names[2])
            .Select(c => new AffectedCollection(system.Key, $"{system.Key}.{d.Key}", d, c))).ToList();
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
