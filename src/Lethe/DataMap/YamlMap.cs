using Lethe.Localization;
using YamlDotNet.RepresentationModel;

namespace Lethe.DataMap;

/// <summary>
/// Reads one YAML mapping of a manifest, recording an error with file, line and column for every missing, mistyped or
/// unknown key, so a person sees all problems of a file at once.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly ManifestErrors _errors;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string path, ManifestErrors errors)
    {
        _node = node;
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    public YamlNode Node => _node;

    public static YamlMap? From(YamlNode node, string path, ManifestErrors errors)
    {
        if (node is YamlMappingNode map)
        {
            return new YamlMap(map, path, errors);
        }

        errors.Add(node, path, new Said("manifest.error.not_a_mapping", []));
        return null;
    }

    public string Field(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Value(string key)
    {
        _read.Add(key);
        if (!_node.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            return null;
        }

        _errors.Remember(Field(key), value);
        return value;
    }

    public string? String(string key, bool required = false)
    {
        var value = Value(key);
        switch (value)
        {
            case null when required:
                _errors.Add(_node, Field(key), new Said("manifest.error.required", []));
                return null;
            case null:
                return null;
            case YamlScalarNode scalar when scalar.Value is { Length: > 0 } text:
                return text;
            case YamlScalarNode:
                if (required)
                {
                    _errors.Add(value, Field(key), new Said("manifest.error.empty", []));
                }

                return null;
            default:
                _errors.Add(value, Field(key), new Said("manifest.error.single_value", []));
                return null;
        }
    }

    public bool? Boolean(string key)
    {
        var text = String(key);
        return text switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => Invalid(),
        };

        bool? Invalid()
        {
            _errors.Add(Value(key)!, Field(key), new Said("manifest.error.not_boolean", [text ?? ""]));
            return null;
        }
    }

    public IReadOnlyList<string> Strings(string key)
    {
        var value = Value(key);
        if (value is null)
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            _errors.Add(value, Field(key), new Said("manifest.error.not_a_list", []));
            return [];
        }

        var result = new List<string>();
        foreach (var item in sequence)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } text })
            {
                result.Add(text);
            }
            else
            {
                _errors.Add(item, Field(key), new Said("manifest.error.list_items", []));
            }
        }

        return result;
    }

    public IEnumerable<YamlMap> Maps(string key)
    {
        var value = Value(key);
        if (value is null)
        {
            yield break;
        }

        if (value is not YamlSequenceNode sequence)
        {
            _errors.Add(value, Field(key), new Said("manifest.error.not_a_list_of_mappings", []));
            yield break;
        }

        var index = 0;
        foreach (var item in sequence)
        {
            var path = $"{Field(key)}[{index++}]";
            _errors.Remember(path, item);
            if (From(item, path, _errors) is { } map)
            {
                yield return map;
                map.RejectUnknown();
            }
        }
    }

    public YamlMap? Map(string key, bool required = false)
    {
        var value = Value(key);
        if (value is null)
        {
            if (required)
            {
                _errors.Add(_node, Field(key), new Said("manifest.error.required", []));
            }

            return null;
        }

        return From(value, Field(key), _errors);
    }

    public LocalizedText? Text(string key, bool required = false)
    {
        var value = Value(key);
        if (value is null)
        {
            if (required)
            {
                _errors.Add(_node, Field(key), new Said("manifest.error.text_required", []));
            }

            return null;
        }

        if (value is YamlScalarNode { Value: { Length: > 0 } plain })
        {
            _errors.Add(value, Field(key), new Said("manifest.error.text_language", [$"{key}: {{ en: {Shorten(plain)} }}"]));
            return null;
        }

        return From(value, Field(key), _errors) is { } map ? map.AsText() : null;
    }

    /// <summary>
    /// Text per language (<c>{ en: …, da: … }</c>) or written once for every language (<c>name: Website</c>): a name
    /// often is the same in every language, so the plain form stays valid, and is warned about only where the data map
    /// is written in several languages (<see cref="TextLanguages"/>).
    /// </summary>
    public LocalizedText? TextOrPlain(string key, bool required = false)
    {
        var value = Value(key);
        if (value is YamlScalarNode or null)
        {
            return String(key, required) is { } plain ? LocalizedText.Once(plain) : null;
        }

        return From(value, Field(key), _errors) is { } map ? map.AsText() : null;
    }

    /// <summary>This mapping read as text per language; unknown keys are reported.</summary>
    public LocalizedText? AsText()
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in LocalizedText.Languages)
        {
            if (String(language) is { } text)
            {
                texts[language] = text;
            }
        }

        RejectUnknown();
        if (texts.Count == 0)
        {
            _errors.Add(_node, Path, new Said("manifest.error.text_no_language", []));
            return null;
        }

        return new LocalizedText(texts);
    }

    /// <summary>Reports keys this mapping has that no reader asked for: a typo must not be silently ignored.</summary>
    public void RejectUnknown()
    {
        foreach (var (key, _) in _node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!_read.Contains(name))
            {
                _errors.Add(key, Field(name), new Said("manifest.error.unknown_key", [string.Join(", ", _read.Order(StringComparer.Ordinal))]));
            }
        }
    }

    private static string Shorten(string text) => text.Length > 30 ? text[..30] + "…" : text;
}

/// <summary>
/// The errors of one file, each placed at a node's start, and where each field was found for later checks. Every error and
/// warning is a catalogue text with its values, so the console says it in the reader's language and the API and the CLI in English.
/// </summary>
internal sealed class ManifestErrors(string file)
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    public List<ManifestError> List { get; } = [];

    public List<ManifestError> Warnings { get; } = [];

    public void Remember(string field, YamlNode node) => _positions[field] = ((int)node.Start.Line, (int)node.Start.Column);

    /// <summary>Adds a warning said from the catalogue: its English for the API and the CLI, the reader's language in the console.</summary>
    public void WarnAt(string field, Said said) => WarnAt(field, said.Find);

    /// <summary>Adds a warning <paramref name="say"/> says in a language (null where it cannot): in English for the API and the CLI.</summary>
    public void WarnAt(string field, Func<string, string?> say)
    {
        var (line, column) = Locate(field);
        Warnings.Add(ManifestError.Saying(file, line, column, field, say));
    }

    /// <summary>Adds an error said from the catalogue at a field's position, or at <paramref name="locateAt"/>'s, or at its nearest enclosing field's.</summary>
    public void At(string field, Said said, string? locateAt = null) => At(field, said.Find, locateAt);

    /// <summary>Adds an error <paramref name="say"/> says in a language, placed as <see cref="At(string, Said, string?)"/> places it.</summary>
    public void At(string field, Func<string, string?> say, string? locateAt = null)
    {
        var (line, column) = Locate(locateAt is not null && _positions.ContainsKey(locateAt) ? locateAt : field);
        List.Add(ManifestError.Saying(file, line, column, field, say));
    }

    /// <summary>Where a field was found, or (for one the file leaves out) its nearest enclosing field.</summary>
    private (int Line, int Column) Locate(string field)
    {
        var probe = field;
        while (!_positions.ContainsKey(probe) && probe.Length > 0)
        {
            var cut = Math.Max(probe.LastIndexOf('.'), probe.LastIndexOf('['));
            probe = cut > 0 ? probe[..cut] : "";
        }

        return _positions.GetValueOrDefault(probe, (1, 1));
    }

    public void Add(YamlNode node, string field, Said said) => Add((int)node.Start.Line, (int)node.Start.Column, field, said);

    public void Add(int line, int column, string field, Said said) => List.Add(ManifestError.Saying(file, line, column, field, said.Find));
}
