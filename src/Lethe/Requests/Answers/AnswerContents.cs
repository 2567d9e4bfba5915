using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.DataMap;
using Lethe.Execution;

namespace Lethe.Requests.Answers;

/// <summary>
/// What goes into the ZIP of an access or portability answer while <see cref="AnswerZip"/> reads the datastores: per
/// system and collection a JSON file (rows, and each field's data category) and a CSV file, the person's files
/// (recordings, voicemails), and a summary. Rows are spooled to a temporary directory as the walk streams them, so a
/// person with a hundred thousand rows never sits in memory; the directory is removed when this is disposed. The
/// encrypted copy the person downloads is the package (<see cref="AnswerPackages"/>).
/// </summary>
public sealed class AnswerContents : IAsyncDisposable
{
    private readonly Manifest _manifest;
    private readonly string _directory = Directory.CreateTempSubdirectory("lethe-answer-").FullName;
    private readonly Dictionary<(string Datastore, string Collection), Part> _parts = [];
    private readonly List<string> _notes = [];
    private readonly List<(string Name, string Content)> _documents = [];

    public AnswerContents(Manifest manifest, AnswerKind kind)
    {
        _manifest = manifest;
        Kind = kind;
    }

    public AnswerKind Kind { get; }

    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Rows per system.datastore.collection, as written.</summary>
    public IReadOnlyDictionary<string, int> Counts => _parts.ToDictionary(p => $"{p.Key.Datastore}.{p.Key.Collection}", p => p.Value.Rows, StringComparer.Ordinal);

    /// <summary>Adds a row the walk found in <paramref name="datastore"/> (<c>system.datastore</c>); files are resolved under <paramref name="filesRoot"/>.</summary>
    public async ValueTask AddAsync(string datastore, FoundRow row, string? filesRoot, CancellationToken cancellationToken)
    {
        var (systemKey, storeKey) = Split(datastore);
        var store = _manifest.Systems.First(s => s.Key == systemKey).Datastores.First(d => d.Key == storeKey);
        var collection = store.Collections.FirstOrDefault(c => c.Name == row.Collection);
        if (collection is null || (Kind == AnswerKind.Portability && row.Context))
        {
            return;
        }

        // Rows that mention the person, or that they share, carry fewer columns than their own: each is a part of its own.
        var partName = row.Role switch
        {
            RowRole.Mention => $"{row.Collection}.mentioning-you",
            RowRole.Shared => $"{row.Collection}.shared",
            _ => row.Collection,
        };
        if (!_parts.TryGetValue((datastore, partName), out var part))
        {
            if (row.Role == RowRole.Owned)
            {
                foreach (var hidden in collection.Fields.Where(f => !f.Disclose))
                {
                    _notes.Add($"{datastore}.{row.Collection}.{hidden.Name}{(hidden.Category is { } c ? $" ({c})" : "")}: held about you, not disclosed (a credential or secret)");
                }

                foreach (var hidden in collection.KeyValue?.Entries.Where(e => !e.Disclose) ?? [])
                {
                    _notes.Add($"{datastore}.{row.Collection} '{hidden.Key}'{(hidden.Category is { } c ? $" ({c})" : "")}: may be held about you, not disclosed (a credential or secret)");
                }
            }

            var fields = collection.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
            var portable = Kind == AnswerKind.Portability ? Portability.Categories(_manifest, systemKey) : null;
            // Access shows the whole row, described columns with their category; portability only the portable fields.
            var columns = row.Values.Keys
                .Where(c => portable is null || (fields.GetValueOrDefault(c)?.Category is { } category && portable.Contains(category)))
                .ToList();
            if (columns.Count == 0)
            {
                return;
            }

            part = new Part(Path.Combine(_directory, $"{_parts.Count}"), columns, columns.ToDictionary(c => c, c => fields.GetValueOrDefault(c), StringComparer.Ordinal), row.Context);
            _parts[(datastore, partName)] = part;
        }

        await part.WriteAsync(row.Values, cancellationToken);
        foreach (var field in part.Fields.Values.Where(f => f is { File: true }))
        {
            if (row.Values.GetValueOrDefault(field!.Name) is string relative)
            {
                if (DatastoreFiles.Resolve(filesRoot, relative) is { } path && File.Exists(path))
                {
                    part.Files.Add((path, relative));
                }
                else
                {
                    _notes.Add($"{datastore}.{row.Collection}: the file '{relative}' was not found");
                }
            }
        }
    }

    /// <summary>Rows a system sent back itself (a webhook's answer), each as field → value.</summary>
    public async ValueTask AddRowsAsync(string datastore, string collection, IEnumerable<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await AddAsync(datastore, new FoundRow(collection, RowRole.Owned, row), null, cancellationToken);
        }
    }

    /// <summary>A document written at the top of the ZIP, e.g. the readable report.</summary>
    public void AddDocument(string name, string content) => _documents.Add((name, content));

    /// <summary>Something the person should know is missing from the package, e.g. a system that did not answer.</summary>
    public void Note(string note) => _notes.Add(note);

    public async Task WriteZipAsync(Stream output, DateTimeOffset generatedAt, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, content) in _documents)
        {
            await using var entry = await zip.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(cancellationToken);
            await entry.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
        }

        var summary = new List<object>();
        foreach (var ((datastore, collection), part) in _parts.OrderBy(p => p.Key.Datastore, StringComparer.Ordinal).ThenBy(p => p.Key.Collection, StringComparer.Ordinal))
        {
            await part.CloseAsync();
            var name = $"{datastore}/{collection}";
            await using (var entry = await zip.CreateEntry($"{name}.json", CompressionLevel.Fastest).OpenAsync(cancellationToken))
            {
                await WriteJsonAsync(entry, datastore, collection, part, cancellationToken);
            }

            await using (var entry = await zip.CreateEntry($"{name}.csv", CompressionLevel.Fastest).OpenAsync(cancellationToken))
            await using (var csv = File.OpenRead(part.CsvPath))
            {
                await csv.CopyToAsync(entry, cancellationToken);
            }

            foreach (var (path, relative) in part.Files.Distinct())
            {
                await using var entry = await zip.CreateEntry($"files/{datastore}/{relative.Replace('\\', '/')}", CompressionLevel.NoCompression).OpenAsync(cancellationToken);
                await using var file = File.OpenRead(path);
                await file.CopyToAsync(entry, cancellationToken);
            }

            summary.Add(new { datastore, collection, rows = part.Rows, context = part.Context, files = part.Files.Distinct().Count() });
        }

        await using (var entry = await zip.CreateEntry("summary.json", CompressionLevel.Fastest).OpenAsync(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(entry, new
            {
                kind = Kind == AnswerKind.Access ? "access" : "portability",
                generatedAt,
                organization = _manifest.Organization.Name,
                collections = summary,
                notes = _notes,
            }, Json, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in _parts.Values)
        {
            await part.CloseAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is cleaned by the OS; the answer itself was already written.
        }
    }

    private static async Task WriteJsonAsync(Stream entry, string datastore, string collection, Part part, CancellationToken ct)
    {
        await using var writer = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("system", datastore.Split('.')[0]);
        writer.WriteString("datastore", datastore);
        writer.WriteString("collection", collection);
        writer.WriteStartObject("fields");
        foreach (var column in part.Columns)
        {
            writer.WriteString(column, part.Fields[column]?.Category);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("rows");
        using (var lines = new StreamReader(part.JsonPath, Encoding.UTF8))
        {
            while (await lines.ReadLineAsync(ct) is { } line)
            {
                writer.WriteRawValue(line, skipInputValidation: true);
                if (writer.BytesPending > 64 * 1024)
                {
                    await writer.FlushAsync(ct);
                }
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }

    private static (string System, string Store) Split(string datastore)
    {
        var cut = datastore.IndexOf('.', StringComparison.Ordinal);
        return (datastore[..cut], datastore[(cut + 1)..]);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>One collection's rows, spooled as JSON lines and CSV.</summary>
    private sealed class Part(string basePath, List<string> columns, Dictionary<string, Field?> fields, bool context)
    {
        private StreamWriter? _json;
        private StreamWriter? _csvText;
        private CsvWriter? _csv;

        public string JsonPath => basePath + ".jsonl";

        public string CsvPath => basePath + ".csv";

        public IReadOnlyList<string> Columns => columns;

        public IReadOnlyDictionary<string, Field?> Fields => fields;

        public bool Context => context;

        public int Rows { get; private set; }

        public List<(string Path, string Relative)> Files { get; } = [];

        public async Task WriteAsync(IReadOnlyDictionary<string, object?> row, CancellationToken ct)
        {
            if (_json is null)
            {
                _json = new StreamWriter(JsonPath, false, new UTF8Encoding(false));
                _csvText = new StreamWriter(CsvPath, false, new UTF8Encoding(true));
                _csv = SafeCsv.Create(_csvText);
                _csv.WriteRecord(columns.ToArray());
            }

            var values = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            foreach (var column in columns)
            {
                values[column] = row.GetValueOrDefault(column);
            }

            await _json.WriteLineAsync(JsonSerializer.Serialize(values).AsMemory(), ct);
            _csv!.WriteRecord(columns.Select(c => Text(row.GetValueOrDefault(c))).ToArray());
            Rows++;
        }

        public async Task CloseAsync()
        {
            _csv?.Dispose();
            _csv = null;
            if (_csvText is not null)
            {
                await _csvText.DisposeAsync();
                _csvText = null;
            }

            if (_json is not null)
            {
                await _json.DisposeAsync();
                _json = null;
            }
        }

        private static string Text(object? value) => value switch
        {
            null => "",
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToBase64String(bytes),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
