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

    /// <summary>
    /// Whether the cookie banner asks for it: statistics and marketing, and a purpose of the tenant's own that the data
    /// map gives banner texts. A newsletter never: it is signed up for with an address and confirmed by mail, and an
    /// anonymous browser pressing "Accept all" has no inbox to consent for.
    /// </summary>
    public bool InBanner { get; init; }

    /// <summary>The short label beside the banner's box for it, in every language (falling back to English, then to the built-in text).</summary>
    public LocalizedText BannerLabel { get; init; } = Title;

    /// <summary>One line on what it means, for the banner; null when neither the data map nor the catalogue has one.</summary>
    public LocalizedText? BannerDescription { get; init; }

    /// <summary>Whether the texts above are the data map's own rather than built-in ones.</summary>
    public bool OwnBannerText { get; init; }

    /// <summary>Who receives data under this purpose, by name, with a link to their privacy policy where the data map gives one.</summary>
    public IReadOnlyList<ConsentRecipient> Recipients { get; init; } = [];

    private static readonly ConditionalWeakTable<Manifest, IReadOnlyList<ConsentPurpose>> OfManifest = new();

    /// <summary>The purposes of a data map, worked out once per data map read (the banner and the state ask on every call).</summary>
    public static IReadOnlyList<ConsentPurpose> From(Manifest manifest) => OfManifest.GetValue(manifest, Read);

    /// <summary>
    /// SHA-256 (hex) of what people consent to: each refusable purpose's key, kind, texts in every language and
    /// recipients. A notice whose fingerprint differs from the previous one's is a material change for consent.
    /// </summary>
    public static string Fingerprint(IReadOnlyList<ConsentPurpose> purposes)
    {
        // The banner's own texts count once a data map has them; without, the fingerprint is what it always was, so a
        // data map that has not changed does not ask everyone again.
        var canonical = purposes.Where(p => p.Refusable).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var texts = p.Title.Values.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new[] { t.Key, t.Value });
            var recipients = p.Processors.Order(StringComparer.Ordinal);
            return p.OwnBannerText
                ? new { p.Key, p.Kind, Texts = texts, Recipients = recipients, Banner = Sorted(p.BannerLabel).Concat(p.BannerDescription is { } d ? Sorted(d) : []) }
                : (object)new { p.Key, p.Kind, Texts = texts, Recipients = recipients };
        });
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical)));
    }

    private static IEnumerable<string[]> Sorted(LocalizedText text) => text.Values.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new[] { t.Key, t.Value });

    private static IReadOnlyList<ConsentPurpose> Read(Manifest manifest)
    {
        var purposes = new List<ConsentPurpose>
        {
            new(Necessary, PurposeKind.Necessary, T("consent.purpose.necessary"), "legitimate-interests", false, [])
            {
                InBanner = true, BannerLabel = T("banner.purpose.necessary.label"), BannerDescription = T("banner.purpose.necessary.description"),
            },
        };
        var processors = manifest.Processors.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // 'necessary' is Lethe's own, never refusable. The data map's checks refuse it as a consent purpose; one stored
        // before they did cannot make a second 'necessary' that can be refused.
        foreach (var group in manifest.Activities.Where(a => a.LegalBasis == "consent" && a.ConsentPurpose is not null and not Necessary)
                     .GroupBy(a => a.ConsentPurpose!))
        {
            var first = group.First();
            var kind = group.Key is PurposeKind.Statistics or PurposeKind.Marketing or PurposeKind.Newsletter ? group.Key : PurposeKind.Custom;
            var keys = group.SelectMany(a => a.Recipients).Distinct(StringComparer.Ordinal).ToList();
            var own = group.Select(a => a.Banner).FirstOrDefault(b => b is not null);
            var builtIn = BuiltIn(kind);
            purposes.Add(new ConsentPurpose(group.Key, kind, first.Purpose, "consent", true, keys)
            {
                InBanner = kind != PurposeKind.Newsletter && (builtIn is not null || own is not null),
                OwnBannerText = own is not null,
                BannerLabel = Complete(own?.Label, builtIn?.Label ?? first.Purpose),
                // The data map's own label without a line of its own stands alone: a built-in line may not fit it.
                BannerDescription = own is null ? builtIn?.Description : own.Description is { } d ? Complete(d, builtIn?.Description ?? d) : null,
                Recipients = keys.Select(k => processors.TryGetValue(k, out var p) ? new ConsentRecipient(p.Name, p.PolicyUrl) : new ConsentRecipient(k, null)).ToList(),
            });
        }

        return purposes;
    }

    private static LocalizedText T(string id) => new(Texts.Languages.ToDictionary(l => l, l => Texts.Get(id, l)));

    /// <summary>The banner's built-in texts for the cookie purposes it always asks for; null for any other kind.</summary>
    private static (LocalizedText Label, LocalizedText Description)? BuiltIn(string kind) => kind switch
    {
        PurposeKind.Statistics => (T("banner.purpose.statistics.label"), T("banner.purpose.statistics.description")),
        PurposeKind.Marketing => (T("banner.purpose.marketing.label"), T("banner.purpose.marketing.description")),
        _ => null,
    };

    /// <summary>Every language filled: the data map's own text where it has one, else its English, else the fallback's.</summary>
    private static LocalizedText Complete(LocalizedText? own, LocalizedText fallback) =>
        new(Texts.Languages.ToDictionary(l => l, l => own?.In(l) ?? own?.In("en") ?? fallback.In(l) ?? fallback.In("en") ?? fallback.Values.Values.First()));
}

/// <summary>A third party that receives data under a consent purpose, as the banner names it.</summary>
/// <param name="PolicyUrl">Its privacy policy (https), when the data map gives one.</param>
public sealed record ConsentRecipient(string Name, string? PolicyUrl);
