using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Lethe.DataMap;
using Lethe.Localization;

namespace Lethe.Consent;

/// <summary>What a consent is for: necessary, statistics, marketing, newsletter, or one of the tenant's own.</summary>
public static class PurposeKind
{
    public const string Necessary = "necessary";
    public const string Statistics = "statistics";
    public const string Marketing = "marketing";
    public const string Newsletter = "newsletter";
    public const string Custom = "custom";
}

/// <summary>
/// A purpose people consent to, taken from the data map in force: every activity under <c>legalBasis: consent</c> names
/// its <c>consentPurpose</c>, its texts, and the recipients involved; "necessary" is always there and cannot be refused.
/// Nothing is typed twice, so the banner cannot ask for something the notice does not say.
/// </summary>
public sealed record ConsentPurpose(string Key, string Kind, LocalizedText Title, string LegalBasis, bool Refusable, IReadOnlyList<string> Processors)
{
    public const string Necessary = "necessary";

    private static readonly ConditionalWeakTable<Manifest, IReadOnlyList<ConsentPurpose>> OfManifest = new();

    /// <summary>The purposes of a data map, worked out once per data map read (the banner and the state ask on every call).</summary>
    public static IReadOnlyList<ConsentPurpose> From(Manifest manifest) => OfManifest.GetValue(manifest, Read);

    /// <summary>
    /// SHA-256 (hex) of what people consent to: each refusable purpose's key, kind, texts in every language and
    /// recipients. A notice whose fingerprint differs from the previous one's is a material change for consent.
    /// </summary>
    public static string Fingerprint(IReadOnlyList<ConsentPurpose> purposes)
    {
        var canonical = purposes.Where(p => p.Refusable).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new
        {
            p.Key,
            p.Kind,
            Texts = p.Title.Values.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new[] { t.Key, t.Value }),
            Recipients = p.Processors.Order(StringComparer.Ordinal),
        });
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical)));
    }

    private static IReadOnlyList<ConsentPurpose> Read(Manifest manifest)
    {
        var purposes = new List<ConsentPurpose>
        {
            new(Necessary, PurposeKind.Necessary, new LocalizedText(Texts.Languages.ToDictionary(l => l, l => Texts.Get("consent.purpose.necessary", l))), "legitimate-interests", false, []),
        };
        foreach (var group in manifest.Activities.Where(a => a.LegalBasis == "consent" && a.ConsentPurpose is not null).GroupBy(a => a.ConsentPurpose!))
        {
            var first = group.First();
            var kind = group.Key is PurposeKind.Statistics or PurposeKind.Marketing or PurposeKind.Newsletter ? group.Key : PurposeKind.Custom;
            purposes.Add(new ConsentPurpose(group.Key, kind, first.Purpose, "consent", true,
                group.SelectMany(a => a.Recipients).Distinct(StringComparer.Ordinal).ToList()));
        }

        return purposes;
    }
}
