using System.Text.Json.Serialization;

namespace Lethe.DataMap;

/// <summary>The part of the data map a change is in, in the order an officer reviews them.</summary>
public enum ChangeArea
{
    [JsonStringEnumMemberName("system")] System = 1,
    [JsonStringEnumMemberName("datastore")] Datastore,
    [JsonStringEnumMemberName("collection")] Collection,
    [JsonStringEnumMemberName("field")] Field,
    [JsonStringEnumMemberName("activity")] Activity,
    [JsonStringEnumMemberName("processor")] Processor,
    [JsonStringEnumMemberName("retention_rule")] RetentionRule,
}

/// <summary>What happened to the thing named.</summary>
public enum ChangeKind
{
    [JsonStringEnumMemberName("added")] Added = 1,
    [JsonStringEnumMemberName("removed")] Removed,
    [JsonStringEnumMemberName("changed")] Changed,
}

/// <summary>The property of a changed thing; <see cref="None"/> when the thing itself was added or removed.</summary>
public enum ChangedPart
{
    [JsonStringEnumMemberName("none")] None = 0,
    [JsonStringEnumMemberName("kind")] Kind,
    [JsonStringEnumMemberName("category")] Category,
    [JsonStringEnumMemberName("erasure")] Erasure,
    [JsonStringEnumMemberName("legal_basis")] LegalBasis,
    [JsonStringEnumMemberName("retention")] Retention,
    [JsonStringEnumMemberName("recipients")] Recipients,
    [JsonStringEnumMemberName("categories")] Categories,
    [JsonStringEnumMemberName("subjects")] Subjects,
    [JsonStringEnumMemberName("service")] Service,
    [JsonStringEnumMemberName("location")] Location,
    [JsonStringEnumMemberName("role")] Role,
    [JsonStringEnumMemberName("minimum")] Minimum,
    [JsonStringEnumMemberName("maximum")] Maximum,
    [JsonStringEnumMemberName("action")] Action,
    [JsonStringEnumMemberName("anchor")] Anchor,
}

/// <summary>
/// One difference between the data map in force and the one about to replace it: <paramref name="Subject"/> names the
/// thing as the data map does (<c>crm.db.customers.email</c>, an activity's key), and for a change, its value before and after.
/// </summary>
public sealed record ManifestChange(ChangeArea Area, ChangeKind Kind, string Subject, ChangedPart Part = ChangedPart.None, string? Before = null, string? After = null);

/// <summary>
/// What a new data map changes against the one in force — systems, where personal data is, why and on which basis it is
/// processed, who receives it and how long it is kept — so an officer sees the consequence of an import before confirming
/// it. Keyed by the data map's own names: a renamed key reads as one removal and one addition, which is what it means to
/// the engine too (requests and retention follow the new name only).
/// </summary>
public static class ManifestChanges
{
    public static IReadOnlyList<ManifestChange> Between(Manifest? current, Manifest next)
    {
        var before = current ?? new Manifest { Organization = next.Organization };
        var changes = new List<ManifestChange>();
        Compare(changes, ChangeArea.System, before.Systems, next.Systems, s => s.Key, (_, _) => []);
        Compare(changes, ChangeArea.Datastore, Datastores(before), Datastores(next), d => d.Name, (a, b) =>
            Part(ChangedPart.Kind, a.Store.Kind.Name, b.Store.Kind.Name));
        Compare(changes, ChangeArea.Collection, Collections(before), Collections(next), c => c.Name, (_, _) => []);
        Compare(changes, ChangeArea.Field, Fields(before), Fields(next), f => f.Name, (a, b) =>
            Part(ChangedPart.Category, a.Field.Category, b.Field.Category)
                .Concat(Part(ChangedPart.Erasure, a.Field.Erasure, b.Field.Erasure)));
        Compare(changes, ChangeArea.Activity, before.Activities, next.Activities, a => a.Key, (a, b) =>
            Part(ChangedPart.LegalBasis, a.LegalBasis, b.LegalBasis)
                .Concat(Part(ChangedPart.Retention, a.Retention, b.Retention))
                .Concat(Part(ChangedPart.Recipients, List(a.Recipients), List(b.Recipients)))
                .Concat(Part(ChangedPart.Categories, List(a.Categories), List(b.Categories)))
                .Concat(Part(ChangedPart.Subjects, List(a.Subjects), List(b.Subjects))));
        Compare(changes, ChangeArea.Processor, before.Processors, next.Processors, p => p.Key, (a, b) =>
            Part(ChangedPart.Service, Said(a.Service), Said(b.Service))
                .Concat(Part(ChangedPart.Location, a.Location, b.Location))
                .Concat(Part(ChangedPart.Role, a.Role, b.Role)));
        Compare(changes, ChangeArea.RetentionRule, before.RetentionRules, next.RetentionRules, r => r.Key, (a, b) =>
            Part(ChangedPart.Minimum, a.Minimum, b.Minimum)
                .Concat(Part(ChangedPart.Maximum, a.Maximum, b.Maximum))
                .Concat(Part(ChangedPart.Action, a.Action, b.Action))
                .Concat(Part(ChangedPart.Anchor, a.AnchorText, b.AnchorText)));
        return changes;
    }

    /// <summary>A text as the file says it: written once, or each language's, so a change in any language shows.</summary>
    private static string Said(LocalizedText text) => text.Plain ?? string.Join("; ", text.GivenIn.Select(l => $"{l}: {text.In(l)}"));

    private static void Compare<T>(
        List<ManifestChange> changes, ChangeArea area, IEnumerable<T> before, IEnumerable<T> after, Func<T, string> key,
        Func<T, T, IEnumerable<(ChangedPart Part, string? Before, string? After)>> differences)
    {
        // Keys are unique within their list once a manifest is valid; the first wins should one slip through.
        var old = before.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = after.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (name, item) in now)
        {
            if (!old.TryGetValue(name, out var was))
            {
                changes.Add(new ManifestChange(area, ChangeKind.Added, name));
                continue;
            }

            changes.AddRange(differences(was, item).Select(d => new ManifestChange(area, ChangeKind.Changed, name, d.Part, d.Before, d.After)));
        }

        changes.AddRange(old.Keys.Where(name => !now.ContainsKey(name)).Select(name => new ManifestChange(area, ChangeKind.Removed, name)));
    }

    private static IEnumerable<(ChangedPart, string?, string?)> Part(ChangedPart part, string? before, string? after) =>
        string.Equals(before, after, StringComparison.Ordinal) ? [] : [(part, before, after)];

    // Order does not change what a list of recipients or categories means.
    private static string List(IEnumerable<string> items) => string.Join(", ", items.Order(StringComparer.Ordinal));

    private sealed record NamedStore(string Name, Datastore Store);

    private sealed record NamedField(string Name, Field Field);

    private static IEnumerable<NamedStore> Datastores(Manifest m) =>
        m.Systems.SelectMany(s => s.Datastores.Select(d => new NamedStore($"{s.Key}.{d.Key}", d)));

    private static IEnumerable<NamedStore> Collections(Manifest m) =>
        Datastores(m).SelectMany(d => d.Store.Collections.Select(c => new NamedStore($"{d.Name}.{c.Name}", d.Store)));

    private static IEnumerable<NamedField> Fields(Manifest m) =>
        Datastores(m).SelectMany(d => d.Store.Collections.SelectMany(c => c.Fields.Select(f => new NamedField($"{d.Name}.{c.Name}.{f.Name}", f))));
}
