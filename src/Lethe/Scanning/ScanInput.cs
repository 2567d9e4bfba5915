using System.Globalization;
using Lethe.Common;
using Lethe.DataMap;
using Lethe.Localization;

namespace Lethe.Scanning;

/// <summary>What to scan: one datastore (<c>system.datastore</c>) or all, every row or a sample per table, and how many tables at once.</summary>
public sealed record ScanInput(string? Datastore = null, int? Sample = null, int Parallel = ScanInput.DefaultParallel)
{
    public const int DefaultParallel = 2;
    public const int MaxParallel = 16;
    public const int MaxSample = 1_000_000;

    /// <summary>The SQL datastores of <paramref name="manifest"/> this input names, or the field errors that say what to give instead.</summary>
    public Outcome<IReadOnlyList<(string Name, Datastore Store)>> Datastores(Manifest manifest)
    {
        var errors = new ValidationErrors();
        if (Sample is { } sample && sample is < 1 or > MaxSample)
        {
            errors.Add("sample", Texts.Fill(Texts.Get("error.scan.sample", "en"), new Dictionary<string, string> { ["max"] = MaxSample.ToString("N0", CultureInfo.CurrentCulture) }));
        }

        if (Parallel is < 1 or > MaxParallel)
        {
            errors.Add("parallel", Texts.Fill(Texts.Get("error.scan.parallel", "en"), new Dictionary<string, string> { ["max"] = MaxParallel.ToString(CultureInfo.InvariantCulture) }));
        }

        var sql = manifest.Systems.SelectMany(s => s.Datastores.Where(d => d.Kind.IsSql).Select(d => ($"{s.Key}.{d.Key}", d))).ToList();
        if (Datastore is not null && !sql.Any(d => d.Item1 == Datastore))
        {
            errors.Add("datastore", sql.Count == 0
                ? Texts.Get("error.scan.no_sql", "en")
                : Texts.Fill(Texts.Get("error.scan.name_datastore", "en"), new Dictionary<string, string> { ["datastores"] = string.Join(", ", sql.Select(d => d.Item1)) }));
        }

        return errors.Any ? errors.ToFailure() : sql.Where(d => Datastore is null || d.Item1 == Datastore).ToList();
    }
}
