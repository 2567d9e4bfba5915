namespace Lethe.Scanning;

/// <summary>
/// The findings of one table as its rows stream past: per column, kind and confidence, the matches, the rows and a few
/// row keys. It keeps no text: each value is searched and let go, and a key that is itself personal data (an e-mail
/// address as the primary key) is never kept as an example.
/// </summary>
public sealed class FindingTally(Detectors detectors)
{
    private readonly Dictionary<(string Column, DetectorKind Kind, Confidence Confidence), Entry> _entries = new();
    private readonly HashSet<(DetectorKind, Confidence)> _inValue = [];
    private readonly List<Detection> _found = [];

    public sealed class Entry
    {
        public long Matches { get; set; }

        public long Rows { get; set; }

        public List<string> Keys { get; init; } = [];
    }

    public IReadOnlyDictionary<(string Column, DetectorKind Kind, Confidence Confidence), Entry> Entries => _entries;

    /// <summary>Continues from what a stopped scan had saved.</summary>
    public void Restore(string column, DetectorKind kind, Confidence confidence, long matches, long rows, IEnumerable<string> keys) =>
        _entries[(column, kind, confidence)] = new Entry { Matches = matches, Rows = rows, Keys = keys.ToList() };

    /// <summary>Searches one value of <paramref name="column"/>; <paramref name="key"/> is asked only when an example is still wanted.</summary>
    public void Add(string column, string text, Func<string> key)
    {
        // One list for every value: a table of millions of rows would otherwise make a list per value.
        var found = _found;
        found.Clear();
        detectors.Find(text, found);
        if (found.Count == 0)
        {
            return;
        }

        _inValue.Clear();
        foreach (var detection in found)
        {
            if (!_entries.TryGetValue((column, detection.Kind, detection.Confidence), out var entry))
            {
                entry = new Entry();
                _entries[(column, detection.Kind, detection.Confidence)] = entry;
            }

            entry.Matches++;
            if (_inValue.Add((detection.Kind, detection.Confidence)))
            {
                entry.Rows++;
                if (entry.Keys.Count < ScanFinding.Examples)
                {
                    var example = key();
                    if (!entry.Keys.Contains(example, StringComparer.Ordinal) && detectors.Find(example).Count == 0)
                    {
                        entry.Keys.Add(example);
                    }
                }
            }
        }
    }
}
