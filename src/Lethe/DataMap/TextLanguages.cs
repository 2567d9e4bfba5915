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
        foreach (var (field, text) in Texts(m))
        {
            if (text.Plain is not null)
            {
                if (languages.Count > 1)
                {
                    errors.WarnAt(field, $"is written once, so the {Names(languages)} pages all show it as it is; give it per language, " +
                        $"e.g. '{{ {string.Join(", ", languages.Select(l => l + ": …"))} }}'.");
                }

                continue;
            }

            var missing = languages.Except(text.GivenIn).ToList();
            if (missing.Count > 0)
            {
                var shown = text.In(m.DefaultLanguage) is not null ? m.DefaultLanguage : text.GivenIn.First();
                errors.WarnAt(field, $"has no {Names(missing)} text, which the data map is written in; " +
                    $"{Names(missing)} readers see the {Names([shown])} text instead. Add {string.Join(", ", missing.Select(l => l + ": …"))}.");
            }
        }
    }

    /// <summary>Every text of the data map that a notice, a record or an answer shows, with its field as errors name it.</summary>
    private static IEnumerable<(string Field, LocalizedText Text)> Texts(Manifest m)
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

    private static string Names(IEnumerable<string> languages) => string.Join(" and ", languages.Select(l => l switch
    {
        "da" => "Danish",
        "nb" => "Norwegian",
        _ => "English",
    }));
}
