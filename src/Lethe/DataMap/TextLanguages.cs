using Lethe.Localization;

namespace Lethe.DataMap;

/// <summary>
/// Texts of the data map a reader meets (names, purposes, services, descriptions) missing in a language the data map is
/// written in: valid, since the page falls back to the tenant's own language, but a Danish reader then meets English
/// (or a Norwegian one Danish), so the file hears where, at the text's own line.
/// </summary>
internal static class TextLanguages
{
    public static void Check(Manifest m, ManifestErrors errors)
    {
        var languages = m.WrittenIn;
        foreach (var (field, text) in ReaderTexts(m))
        {
            if (text.Plain is not null)
            {
                if (languages.Count > 1)
                {
                    var example = $"{{ {string.Join(", ", languages.Select(l => l + ": …"))} }}";
                    errors.WarnAt(field, reader => new Said("manifest.warning.text_written_once", [Names(languages, reader), example]).Find(reader));
                }

                continue;
            }

            var missing = languages.Except(text.GivenIn).ToList();
            if (missing.Count > 0)
            {
                var shown = text.In(m.DefaultLanguage) is not null ? m.DefaultLanguage : text.GivenIn.First();
                var add = string.Join(", ", missing.Select(l => l + ": …"));
                errors.WarnAt(field, reader => new Said("manifest.warning.text_missing_language", [Names(missing, reader), Names([shown], reader), add]).Find(reader));
            }
        }
    }

    /// <summary>Every text of the data map that a notice, a record or an answer shows, with its field as errors name it.</summary>
    private static IEnumerable<(string Field, LocalizedText Text)> ReaderTexts(Manifest m)
    {
        for (var i = 0; i < m.SubjectCategories.Count; i++)
        {
            yield return ($"subjectCategories[{i}].name", m.SubjectCategories[i].Name);
        }

        for (var i = 0; i < m.DataCategories.Count; i++)
        {
            yield return ($"dataCategories[{i}].name", m.DataCategories[i].Name);
        }

        for (var i = 0; i < m.Systems.Count; i++)
        {
            yield return ($"systems[{i}].name", m.Systems[i].Name);
        }

        for (var i = 0; i < m.Activities.Count; i++)
        {
            yield return ($"activities[{i}].purpose", m.Activities[i].Purpose);
            if (m.Activities[i].OnBehalfOf is { } behalf)
            {
                yield return ($"activities[{i}].onBehalfOf", behalf);
            }
        }

        for (var i = 0; i < m.Processors.Count; i++)
        {
            yield return ($"processors[{i}].service", m.Processors[i].Service);
        }

        for (var i = 0; i < m.RetentionRules.Count; i++)
        {
            yield return ($"retention[{i}].description", m.RetentionRules[i].Description);
        }

        for (var i = 0; i < m.SecurityMeasures.Count; i++)
        {
            yield return ($"securityMeasures[{i}]", m.SecurityMeasures[i]);
        }
    }

    /// <summary>The languages' names in the reader's language, as running text ("Danish and Norwegian", "dansk og norsk").</summary>
    private static string Names(IEnumerable<string> languages, string reader) =>
        LegalWords.List(languages.Select(l => Texts.Get(TextId.LanguageName(l), reader)).ToList(), reader);
}
