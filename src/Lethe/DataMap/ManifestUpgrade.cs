using Lethe.Localization;

namespace Lethe.DataMap;

/// <summary>
/// Reads a format-1 data map as format 2: where the owner of a collection's rows is clear it is written in, and where it
/// is not, the collection and the references to choose from are named. Format 1 walked every reference downwards from
/// the rows found by identity, which reached other people's rows; the owner is now said, not guessed, so an unclear one
/// stops the upgrade rather than being chosen for the officer.
/// </summary>
public static class ManifestUpgrade
{
    /// <summary>A collection whose owner could not be told, at its path in the file, with what to write.</summary>
    public sealed record Unclear(string Path, Said Said)
    {
        /// <summary>What to write, in English (the API's and the CLI's language).</summary>
        public string Message => Said.In("en");
    }

    /// <returns>
    /// The data map as format 2, where a collection whose owner is unclear belongs to nobody and has its references to
    /// people's rows dropped, so no request reaches a row through it; and the unclear collections, which a file being
    /// imported is refused for and a revision stored before format 2 is warned about.
    /// </returns>
    public static (Manifest Manifest, IReadOnlyList<Unclear> Unclear) ToCurrent(Manifest manifest)
    {
        if (manifest.Format >= Manifest.CurrentFormat)
        {
            return (manifest, []);
        }

        var unclear = new List<Unclear>();
        var systems = manifest.Systems.Select((system, s) => system with
        {
            Datastores = system.Datastores.Select((store, d) =>
                store.Kind.IsSql ? store with { Collections = Owners(store, $"systems[{s}].datastores[{d}]", unclear) } : store).ToList(),
        }).ToList();
        return (manifest with { Systems = systems, Format = Manifest.CurrentFormat }, unclear);
    }

    private static List<Collection> Owners(Datastore store, string path, List<Unclear> unclear)
    {
        // Rows with identity fields were where format 1 began: each is a person.
        var collections = store.Collections.Select(c => c.Fields.Any(f => f.Identifies is not null) && !c.IsOwned ? c with { Is = Ownership.Person } : c).ToList();

        // Which collections format 1 could reach from a person at all, settled before any owner is chosen: a reference
        // counts whichever order the collections are listed in.
        var reachable = collections.Where(c => c.IsOwned).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var collection in collections.Where(c => !reachable.Contains(c.Name)))
            {
                if (collection.Fields.Any(f => f.References is { } t && t.Collection != collection.Name && reachable.Contains(t.Collection)))
                {
                    changed |= reachable.Add(collection.Name);
                }
            }
        }

        var mine = new List<Unclear>();
        for (var i = 0; i < collections.Count; i++)
        {
            var collection = collections[i];
            var toPeople = collection.Fields.Where(f => f.References is { } t && t.Collection != collection.Name && reachable.Contains(t.Collection)).ToList();
            var choices = string.Join(", ", toPeople.Select(f => $"{f.Name} (→ {f.References?.Collection})"));
            if (collection.IsPerson && toPeople.Count > 0)
            {
                // A person's collection that also points to another person's rows: format 1 walked it from both; which is meant?
                mine.Add(new Unclear($"{path}.collections[{i}]", new Said("manifest.error.upgrade_person_points_to_people", [collection.Name, choices, Format])));
            }
            else if (!collection.IsOwned && toPeople.Count == 1)
            {
                collections[i] = collection with { BelongsTo = toPeople[0].Name };
            }
            else if (!collection.IsOwned && toPeople.Count > 1)
            {
                mine.Add(new Unclear($"{path}.collections[{i}]", new Said("manifest.error.upgrade_points_to_several_people", [collection.Name, choices, Format])));
            }
        }

        // An unclear collection keeps what it is, but points to no person's rows: the walk cannot reach anyone through it
        // (and the owner rules do not repeat, for each reference, what the upgrade already says of the collection).
        var unclearNames = mine.Select(u => collections[int.Parse(u.Path[(u.Path.LastIndexOf('[') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)].Name)
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < collections.Count; i++)
        {
            if (unclearNames.Contains(collections[i].Name))
            {
                collections[i] = collections[i] with
                {
                    Fields = collections[i].Fields.Select(f => f.References is { } t && reachable.Contains(t.Collection) && t.Collection != collections[i].Name ? f with { ReferencesText = null } : f).ToList(),
                };
            }
        }

        unclear.AddRange(mine);
        return collections;
    }

    private static readonly string Format = Manifest.CurrentFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Writes the owners a format-1 file implies into the file itself, line by line, so its comments and layout stay: an
/// <c>is: person</c> or <c>belongsTo: FIELD</c> line after each collection's name, and <c>lethe: 2</c>.
/// </summary>
public static class ManifestUpgradeText
{
    /// <returns>The upgraded text and what was added (one line per collection), or the errors that stop it.</returns>
    public static (string? Text, IReadOnlyList<string> Added, IReadOnlyList<ManifestError> Errors) Upgrade(string yaml, string file)
    {
        var read = ManifestReader.Read(yaml, file);
        if (!read.IsValid)
        {
            return (null, [], read.Errors);
        }

        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
        if (Scalar(root, "lethe") is not { } format || format.Value != "1")
        {
            return (yaml, [], []);
        }

        var lines = yaml.Split('\n').ToList();
        var inserts = new List<(int AfterLine, string Text)>();
        var added = new List<string>();
        var manifest = read.Manifest!;
        var systems = Sequence(root, "systems");
        for (var s = 0; s < manifest.Systems.Count && s < systems.Count; s++)
        {
            var datastores = Sequence(systems[s], "datastores");
            for (var d = 0; d < manifest.Systems[s].Datastores.Count && d < datastores.Count; d++)
            {
                var collections = Sequence(datastores[d], "collections");
                var store = manifest.Systems[s].Datastores[d];
                for (var c = 0; c < store.Collections.Count && c < collections.Count; c++)
                {
                    var collection = store.Collections[c];
                    var node = collections[c];
                    if (Scalar(node, "is") is not null || Scalar(node, "belongsTo") is not null || Scalar(node, "name") is not { } name)
                    {
                        continue;
                    }

                    var key = ((YamlDotNet.RepresentationModel.YamlMappingNode)node).Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().First(k => k.Value == "name");
                    var indent = new string(' ', (int)key.Start.Column - 1);
                    var line = collection.IsPerson ? "is: person" : collection.BelongsTo is { } b ? $"belongsTo: {b}" : null;
                    if (line is not null)
                    {
                        inserts.Add(((int)name.End.Line, indent + line));
                        added.Add($"{manifest.Systems[s].Key}.{store.Key}.{collection.Name}: {line}");
                    }
                }
            }
        }

        foreach (var (after, text) in inserts.OrderByDescending(i => i.AfterLine))
        {
            lines.Insert(after, text);
        }

        var lethe = (int)Scalar(root, "lethe")!.Start.Line - 1;
        lines[lethe] = System.Text.RegularExpressions.Regex.Replace(lines[lethe], @"^(\s*lethe:\s*)[""']?1[""']?", "${1}" + Manifest.CurrentFormat);
        var upgraded = string.Join('\n', lines);

        // Lines inserted into a file written in an unusual style (flow mappings) could break it: what is written must read back.
        var check = ManifestReader.Read(upgraded, file);
        return check.IsValid
            ? (upgraded, added, [])
            : (null, [], [new ManifestError(file, 1, 1, "(file)", "could not be upgraded line by line (is a collection written in flow style, {…}?): write is: or belongsTo: into it by hand"), .. check.Errors]);
    }

    private static YamlDotNet.RepresentationModel.YamlScalarNode? Scalar(YamlDotNet.RepresentationModel.YamlNode node, string key) =>
        node is YamlDotNet.RepresentationModel.YamlMappingNode map && map.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode(key), out var value)
            ? value as YamlDotNet.RepresentationModel.YamlScalarNode
            : null;

    private static List<YamlDotNet.RepresentationModel.YamlNode> Sequence(YamlDotNet.RepresentationModel.YamlNode node, string key) =>
        node is YamlDotNet.RepresentationModel.YamlMappingNode map && map.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode(key), out var value)
            && value is YamlDotNet.RepresentationModel.YamlSequenceNode sequence
            ? sequence.Children.ToList()
            : [];
}
