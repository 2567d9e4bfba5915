using Lethe.Localization;

namespace Lethe.DataMap;

/// <summary>
/// What the cookie banner would show poorly: a consent purpose it asks for without texts written for it (it falls back
/// to built-in ones), and a recipient it names without a link to that recipient's privacy policy. Warnings, not errors:
/// the banner still works, but people should be able to read who gets their data before they agree.
/// </summary>
internal static class BannerWarnings
{
    private static readonly string[] CookiePurposes = ["statistics", "marketing"];

    public static void Check(Manifest m, ManifestErrors errors)
    {
        var warned = new HashSet<string>(StringComparer.Ordinal);
        var bannerRecipients = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < m.Activities.Count; i++)
        {
            var a = m.Activities[i];
            if (a.LegalBasis != "consent" || a.ConsentPurpose is not { } purpose)
            {
                continue;
            }

            var inBanner = CookiePurposes.Contains(purpose) || (purpose != "newsletter" && a.Banner is not null);
            if (inBanner)
            {
                bannerRecipients.UnionWith(a.Recipients);
            }

            var hasOwn = m.Activities.Any(o => o.ConsentPurpose == purpose && o.Banner is not null);
            if (CookiePurposes.Contains(purpose) && !hasOwn && warned.Add(purpose))
            {
                errors.WarnAt($"activities[{i}].banner", new Said("manifest.warning.banner_builtin_text",
                    [purpose, "banner: {label: {en: …, da: …, nb: …}, description: {en: …, da: …, nb: …}}"]));
            }
        }

        for (var i = 0; i < m.Processors.Count; i++)
        {
            if (bannerRecipients.Contains(m.Processors[i].Key) && m.Processors[i].PolicyUrl is null)
            {
                errors.WarnAt($"processors[{i}].policyUrl", new Said("manifest.warning.banner_recipient_policy", [m.Processors[i].Name]));
            }
        }
    }
}
