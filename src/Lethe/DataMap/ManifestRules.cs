using System.Net.Mail;
using System.Text.RegularExpressions;
using Lethe.Localization;
using Lethe.Tenancy;

namespace Lethe.DataMap;

/// <summary>The meaning checks of a manifest: references resolve, words come from their lists, periods make sense.</summary>
internal static partial class ManifestRules
{
    /// <param name="references">Why a datastore reference may not be used where the manifest is imported (the tenant's boundary), or null when it may.</param>
    public static void Check(Manifest m, ManifestErrors errors, Func<string, (string Message, bool Final)?>? references = null)
    {
        var o = m.Organization;
        OneOf(errors, "organization.country", o.Country, ManifestVocabulary.Countries);
        if (o.FinancialYearEnd is { } yearEnd && FinancialYear.ParseEnd(yearEnd) is null)
        {
            errors.At("organization.financialYearEnd", $"'{yearEnd}' is not a day of the year written MM-DD, e.g. 12-31 or 06-30.");
        }
        if (o.Country is "DK" or "NO" && o.RegistrationNumber.Length > 0
            && RegistrationNumber.Problem(o.Country == "DK" ? Country.DK : Country.NO, o.RegistrationNumber) is { } problem)
        {
            errors.At("organization.registrationNumber", problem);
        }

        if (o.Email.Length > 0 && !MailAddress.TryCreate(o.Email, out _))
        {
            errors.At("organization.email", $"'{o.Email}' is not an e-mail address.");
        }

        Unique(errors, "subjectCategories", m.SubjectCategories.Select(s => s.Key));
        Unique(errors, "dataCategories", m.DataCategories.Select(c => c.Key));
        Unique(errors, "systems", m.Systems.Select(s => s.Key));
        Unique(errors, "activities", m.Activities.Select(a => a.Key));
        Unique(errors, "processors", m.Processors.Select(p => p.Key));
        Unique(errors, "retention", m.RetentionRules.Select(r => r.Key));

        for (var i = 0; i < m.DataCategories.Count; i++)
        {
            if (Taxonomy.Find(m.DataCategories[i].Key) is not null)
            {
                errors.At($"dataCategories[{i}].key", $"'{m.DataCategories[i].Key}' is built in already; remove it or choose another key.");
            }
        }

        var categories = Taxonomy.BuiltIn.Concat(m.DataCategories).ToDictionary(c => c.Key, StringComparer.Ordinal);
        CheckSystems(m, errors, categories.Keys, references);
        CheckActivities(m, errors, categories);
        CheckProcessors(m, errors);
        CheckRetention(m, errors);
    }

    private static void CheckSystems(Manifest m, ManifestErrors errors, IEnumerable<string> categoryKeys, Func<string, (string Message, bool Final)?>? references)
    {
        var known = categoryKeys.ToList();
        for (var s = 0; s < m.Systems.Count; s++)
        {
            var system = m.Systems[s];
            Unique(errors, $"systems[{s}].datastores", system.Datastores.Select(d => d.Key));
            for (var d = 0; d < system.Datastores.Count; d++)
            {
                var store = system.Datastores[d];
                var path = $"systems[{s}].datastores[{d}]";
                if (store.Connection is { } connection && !ConnectionReference().IsMatch(connection))
                {
                    errors.At($"{path}.connection",
                        "must refer to where the connection string is kept, as secret:NAME (kept by Lethe), env:VARIABLE or config:Section:Key (as the operator allows), or data:FILE for a SQLite file in the tenant's folder — never the connection string itself.");
                }
                else if (store.Connection is { } named)
                {
                    Boundary(errors, $"{path}.connection", named, references);
                }

                if (store.Kind.IsSql && store.Connection is null)
                {
                    errors.At($"{path}.connection", $"is required for a {store.Kind} datastore, e.g. env:CRM_DATABASE.", $"{path}.kind");
                }

                CheckConnectors(errors, path, store, references);

                Unique(errors, $"{path}.collections", store.Collections.Select(c => c.Name), "name");
                var columns = store.Collections.SelectMany(c => c.Fields.Select(f => $"{c.Name}.{f.Name}")).ToHashSet(StringComparer.Ordinal);
                for (var c = 0; c < store.Collections.Count; c++)
                {
                    var collection = store.Collections[c];
                    var cpath = $"{path}.collections[{c}]";
                    Identifier(errors, $"{cpath}.name", collection.Name);
                    Unique(errors, $"{cpath}.fields", collection.Fields.Select(f => f.Name), "name");
                    for (var f = 0; f < collection.Fields.Count; f++)
                    {
                        CheckField(errors, $"{cpath}.fields[{f}]", collection.Fields[f], known, columns);
                        if (collection.Fields[f].File && store.Files is null)
                        {
                            errors.At($"{cpath}.fields[{f}].file", "needs the datastore's files: reference to the directory the paths are relative to.");
                        }
                    }

                    CheckKeys(errors, cpath, store, collection);
                }

                OwnershipRules.Check(errors, path, store, known);
            }
        }
    }

    /// <summary>A reference that can never be used is an error; one the operator has not allowed yet, a warning (it will not resolve until allowed).</summary>
    private static void Boundary(ManifestErrors errors, string field, string reference, Func<string, (string Message, bool Final)?>? references)
    {
        switch (references?.Invoke(reference))
        {
            case ({ } message, true):
                errors.At(field, $"is refused: {message}.");
                break;
            case ({ } message, false):
                // The operator's verdict is an error.* text's English: found back, it is said in the reader's language too.
                errors.WarnAt(field, reader => new Said("manifest.warning.not_resolved_yet", [Texts.ErrorMatch(message) is { } verdict
                    ? Texts.Fill(Texts.Get(verdict.Id, reader), verdict.Values) : message]).Find(reader));
                break;
        }
    }

    private static void CheckConnectors(ManifestErrors errors, string path, Datastore store, Func<string, (string Message, bool Final)?>? references)
    {
        foreach (var (name, value) in new[] { ("secret", store.Secret), ("files", store.Files) })
        {
            if (value is not null && !ConnectionReference().IsMatch(value))
            {
                errors.At($"{path}.{name}", "must refer to where the value is kept, as secret:NAME, env:VARIABLE or config:Section:Key — never the value itself.");
            }
            else if (value is not null)
            {
                Boundary(errors, $"{path}.{name}", value, references);
            }
        }

        if (store.Kind == DatastoreKind.Webhook)
        {
            if (store.Connection is null)
            {
                errors.At($"{path}.connection", "is required for a webhook datastore: a reference to the URL Lethe posts jobs to, e.g. env:NEWSLETTER_HOOK_URL.", $"{path}.kind");
            }

            if (store.Secret is null)
            {
                errors.At($"{path}.secret", "is required for a webhook datastore: a reference to the secret jobs are signed with, e.g. env:NEWSLETTER_HOOK_SECRET.", $"{path}.kind");
            }
        }

        if (store.Assignee is not null && store.Kind != DatastoreKind.Manual)
        {
            errors.At($"{path}.assignee", "is only used with kind: manual.");
        }

        if (store.Kind == DatastoreKind.Manual && string.IsNullOrWhiteSpace(store.Assignee))
        {
            errors.At($"{path}.assignee", "is required for a manual datastore: the person who carries out its tasks.", $"{path}.kind");
        }
    }

    private static void CheckKeys(ManifestErrors errors, string path, Datastore store, Collection collection)
    {
        var names = collection.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        if (collection.Key is { } key)
        {
            Identifier(errors, $"{path}.key", key);
            if (!names.Contains(key))
            {
                errors.At($"{path}.key", $"'{key}' is not one of the collection's fields.");
            }
        }
        else if (store.Kind.IsSql && !names.Contains("id") && collection.Fields.Any(f => f.Erasure is not null))
        {
            errors.At($"{path}.key", "is required: the collection has no 'id' field, and Lethe changes rows one by one through their key column.", $"{path}.name");
        }

        if (collection.RestrictionFlag is { } flag)
        {
            Identifier(errors, $"{path}.restrictionFlag", flag);
            if (!names.Contains(flag))
            {
                errors.At($"{path}.restrictionFlag", $"'{flag}' is not one of the collection's fields; list the column under fields.");
            }
        }
    }

    private static void CheckField(ManifestErrors errors, string path, Field field, List<string> categories, HashSet<string> columns)
    {
        Identifier(errors, $"{path}.name", field.Name);
        if (field.Category is { } category && !categories.Contains(category))
        {
            errors.At($"{path}.category", Unknown("data category", category, categories));
        }

        if (field.Identifies is { } identifies)
        {
            foreach (var part in identifies.Split('+'))
            {
                if (!ManifestVocabulary.IdentityTypes.Contains(part))
                {
                    errors.At($"{path}.identifies",
                        $"'{part}' is not an identity type; use {string.Join(", ", ManifestVocabulary.IdentityTypes)}, or join parts of a composite identity with '+' (extension+full_name).");
                }
            }
        }

        if (field.ReferencesText is { } reference && !columns.Contains(reference))
        {
            errors.At($"{path}.references", $"'{reference}' is not a collection.field of this datastore.");
        }

        if (field.Erasure is { } erasure)
        {
            OneOf(errors, $"{path}.erasure", erasure, ManifestVocabulary.ErasureStrategies);
        }

        if (field.Erasure == "replace" && field.Replacement is null)
        {
            errors.At($"{path}.replacement", "is required with erasure: replace, e.g. replacement: Anonymized person.", $"{path}.erasure");
        }

        if (field.Replacement is not null && field.Erasure != "replace")
        {
            errors.At($"{path}.replacement", "is only used with erasure: replace.");
        }
    }

    private static void CheckActivities(Manifest m, ManifestErrors errors, Dictionary<string, DataCategory> categories)
    {
        var subjects = m.SubjectCategories.Select(s => s.Key).ToList();
        var systems = m.Systems.Select(s => s.Key).ToList();
        var processors = m.Processors.Select(p => p.Key).ToList();
        var rules = m.RetentionRules.Select(r => r.Key).ToList();
        for (var i = 0; i < m.Activities.Count; i++)
        {
            var a = m.Activities[i];
            var path = $"activities[{i}]";
            OneOf(errors, $"{path}.legalBasis", a.LegalBasis, ManifestVocabulary.LegalBases);
            OneOf(errors, $"{path}.role", a.Role, ManifestVocabulary.ActivityRoles);
            if (a.Role == "processor" && a.OnBehalfOf is null)
            {
                errors.At($"{path}.onBehalfOf", "is required for a processor activity: say for which controllers it is done (Art. 30(2)(a)).", $"{path}.role");
            }

            if (a.Role != "processor" && a.OnBehalfOf is not null)
            {
                errors.At($"{path}.onBehalfOf", "is only used with role: processor.");
            }

            if (a.LegalBasis == "consent" && a.ConsentPurpose is null)
            {
                errors.At($"{path}.consentPurpose", "is required when the legal basis is consent: name the consent purpose that records it, e.g. newsletter.", $"{path}.legalBasis");
            }

            if (a.ConsentPurpose is not null && a.LegalBasis != "consent")
            {
                errors.At($"{path}.consentPurpose", "is only used when the legal basis is consent.");
            }

            if (a.Banner is not null && a.ConsentPurpose is null)
            {
                errors.At($"{path}.banner", "is only used with a consentPurpose: it is how the cookie banner names that purpose.");
            }
            else if (a.Banner is not null && a.ConsentPurpose == "newsletter")
            {
                errors.At($"{path}.banner", "a newsletter is signed up for with an e-mail address and confirmed by mail, never accepted in the cookie banner: remove banner here.");
            }

            if (a.Subjects.Count == 0)
            {
                errors.At($"{path}.subjects", "needs at least one subject category.");
            }

            if (a.Categories.Count == 0)
            {
                errors.At($"{path}.categories", "needs at least one data category.");
            }

            References(errors, $"{path}.subjects", a.Subjects, subjects, "subject category");
            References(errors, $"{path}.categories", a.Categories, categories.Keys.ToList(), "data category");
            References(errors, $"{path}.systems", a.Systems, systems, "system");
            References(errors, $"{path}.recipients", a.Recipients, processors, "processor");
            if (a.Retention is { } retention && !rules.Contains(retention))
            {
                errors.At($"{path}.retention", Unknown("retention rule", retention, rules));
            }

            var special = a.Categories.Any(c => categories.TryGetValue(c, out var category) && category.Special);
            if (special && a.SpecialCategoryCondition is null)
            {
                errors.At($"{path}.specialCategoryCondition", "is required: the activity processes special categories (Art. 9); name the Art. 9(2) condition.", $"{path}.categories");
            }

            if (a.SpecialCategoryCondition is { } condition)
            {
                OneOf(errors, $"{path}.specialCategoryCondition", condition, ManifestVocabulary.SpecialCategoryConditions);
            }

            for (var t = 0; t < a.Transfers.Count; t++)
            {
                OneOf(errors, $"{path}.transfers[{t}].safeguard", a.Transfers[t].Safeguard, ManifestVocabulary.TransferSafeguards);
                if (!CountryCode().IsMatch(a.Transfers[t].Country))
                {
                    errors.At($"{path}.transfers[{t}].country", $"'{a.Transfers[t].Country}' is not a two-letter country code such as US.");
                }
            }
        }
    }

    private static void CheckProcessors(Manifest m, ManifestErrors errors)
    {
        for (var i = 0; i < m.Processors.Count; i++)
        {
            OneOf(errors, $"processors[{i}].role", m.Processors[i].Role, ManifestVocabulary.ProcessorRoles);
            if (m.Processors[i].PolicyUrl is { } url && !IsHttpsUrl(url))
            {
                errors.At($"processors[{i}].policyUrl", $"'{url}' is not an https address; give the address of the recipient's privacy policy, e.g. https://policies.google.com/privacy.");
            }

            Period(errors, $"processors[{i}].noticePeriod", m.Processors[i].NoticePeriod);
            if (m.Processors[i].ForwardRequests is not null && m.Processors[i].Role is "joint-controller" or "independent-controller")
            {
                errors.At($"processors[{i}].forwardRequests", $"is for processors and sub-processors; a {m.Processors[i].Role} answers requests for itself and is never forwarded them. Remove the field.");
            }
            if (m.Processors[i] is { AgreementDate: { } signed, ReviewDate: { } review } && review < signed)
            {
                errors.At($"processors[{i}].reviewDate", $"{review:yyyy-MM-dd} lies before the agreement's date {signed:yyyy-MM-dd}; give the day it is next to be reviewed.");
            }
        }
    }

    /// <summary>An absolute https address with a host: people follow it from the banner, so no other scheme is linked.</summary>
    internal static bool IsHttpsUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0 && uri.UserInfo.Length == 0
        && !url.Any(char.IsWhiteSpace);

    /// <summary>What a hold requires kept: collections or collection.fields of the anchor's datastore, and only with a minimum.</summary>
    private static void CheckRequires(ManifestErrors errors, string path, RetentionRule rule, List<FieldRef> anchors)
    {
        if (rule.RequiresText.Count == 0)
        {
            return;
        }

        if (rule.Minimum is null)
        {
            errors.At($"{path}.requires", "is only used with a minimum: it says what a legal hold keeps.");
            return;
        }

        if (rule.Anchor is not { } anchor)
        {
            errors.At($"{path}.requires", "needs an anchor: the collections it names are in the anchor's datastore.");
            return;
        }

        var known = anchors.Where(a => a.Datastore == anchor.Datastore).Select(a => new RequiredPart(a.Collection.Name, a.Name)).ToList();
        var collections = known.Select(k => new RequiredPart(k.Collection)).Distinct();
        var allowed = known.Concat(collections).Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in rule.RequiresText.Where(r => !allowed.Contains(r)))
        {
            errors.At($"{path}.requires", $"'{entry}' is neither a collection nor a collection.field of {anchor.Datastore}, e.g. {(known.Count > 0 ? known[0] : "invoices.amount")}.");
        }
    }

    private static void CheckRetention(Manifest m, ManifestErrors errors)
    {
        // A system or datastore key with a dot in it cannot be told apart in a dotted name: nothing is anchored there.
        var anchors = m.Systems.SelectMany(s => s.Datastores.SelectMany(d => d.Collections.SelectMany(c =>
            c.Fields.Select(f => FieldRef.TryParse($"{s.Key}.{d.Key}.{c.Name}.{f.Name}", out var anchor) ? anchor : (FieldRef?)null)))).OfType<FieldRef>().ToList();
        var anchorNames = anchors.Select(a => a.ToString()).ToList();
        for (var i = 0; i < m.RetentionRules.Count; i++)
        {
            var rule = m.RetentionRules[i];
            var path = $"retention[{i}]";
            OneOf(errors, $"{path}.action", rule.Action, ManifestVocabulary.RetentionActions);
            var minimum = Period(errors, $"{path}.minimum", rule.Minimum);
            var maximum = Period(errors, $"{path}.maximum", rule.Maximum);
            if (rule.Minimum is null && rule.Maximum is null)
            {
                errors.At($"{path}.maximum", "give a maximum period, a minimum period, or both.");
            }

            if (minimum is not null && maximum is not null && maximum.CanBeShorterThan(minimum))
            {
                errors.At($"{path}.maximum", $"{rule.Maximum} is shorter than the minimum {rule.Minimum}: data would have to be deleted before it may be.");
            }

            if (rule.CountFrom is { } countFrom)
            {
                OneOf(errors, $"{path}.countFrom", countFrom, ManifestVocabulary.CountFrom);
                if (rule.AnchorText is null)
                {
                    errors.At($"{path}.countFrom", "needs an anchor: the date whose financial year the periods count from.");
                }
            }

            if (rule.AnchorText is { } anchorText && (rule.Anchor is not { } anchor || !anchors.Contains(anchor)))
            {
                errors.At($"{path}.anchor", Unknown("system.datastore.collection.field", anchorText, anchorNames));
            }

            if (rule.Condition is { } condition)
            {
                CheckCondition(errors, $"{path}.condition", rule, condition, anchors);
            }

            CheckRequires(errors, path, rule, anchors);

            if (rule.Fields.Count > 0)
            {
                CheckFields(m, errors, $"{path}.fields", rule);
            }
        }
    }

    private static void CheckFields(Manifest m, ManifestErrors errors, string path, RetentionRule rule)
    {
        if (rule.Action != "anonymize")
        {
            errors.At(path, "goes with action: anonymize — a rule that deletes takes the whole row.");
            return;
        }

        var collection = rule.Anchor is { } anchor ? m.FindCollection(anchor.Collection) : null;
        if (collection is null)
        {
            errors.At(path, "needs an anchor: the fields are columns of the anchor's collection.");
            return;
        }

        foreach (var name in rule.Fields)
        {
            var field = collection.Fields.FirstOrDefault(f => f.Name == name);
            if (field is null)
            {
                errors.At(path, Unknown($"field of {rule.Anchor!.Value.Collection}", name, collection.Fields.Select(f => f.Name).ToList()));
            }
            else if (field.Erasure is null or "delete-row")
            {
                errors.At(path, $"'{name}' has no erasure strategy to anonymize it with; give it one (set-null, replace, hash, random, truncate-date).");
            }
        }
    }

    private static void CheckCondition(ManifestErrors errors, string path, RetentionRule rule, RetentionCondition condition, List<FieldRef> anchors)
    {
        if (rule.AnchorText is null)
        {
            errors.At(path, "needs an anchor: the condition is a column of the anchor's collection.");
            return;
        }

        // An anchor that is not system.datastore.collection.field has its own error; it has no columns to name.
        if (condition.Field.Length > 0 && rule.Anchor is { } anchor)
        {
            var columns = anchors.Where(a => a.Collection == anchor.Collection).Select(a => a.Name).ToList();
            if (!columns.Contains(condition.Field, StringComparer.Ordinal))
            {
                errors.At($"{path}.field", Unknown($"field of {anchor.Collection}", condition.Field, columns));
            }
        }

        if ((condition.EqualsValue is null) == (condition.IsNull is null))
        {
            errors.At(path, "give exactly one test: 'equals: VALUE' or 'isNull: true|false'.");
        }
    }

    private static IsoPeriod? Period(ManifestErrors errors, string path, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var period = IsoPeriod.Parse(text);
        if (period is null)
        {
            errors.At(path, $"'{text}' is not an ISO 8601 period; write e.g. P5Y, P5Y6M or P90D.");
        }

        return period;
    }

    private static void OneOf(ManifestErrors errors, string path, string value, string[] allowed)
    {
        if (value.Length > 0 && !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.At(path, NotOneOf(value, allowed));
        }
    }

    /// <summary>The error for a word that is not in its closed list.</summary>
    internal static string NotOneOf(string value, IEnumerable<string> allowed) => $"'{value}' is not valid here; use one of {string.Join(", ", allowed)}.";

    /// <summary>
    /// The longest key: keys name what Lethe stores per tenant (a request's step <c>system.datastore</c> or
    /// <c>sub-processor:key</c>, a duty <c>risk-assessment:system</c>) in columns of 200 characters.
    /// </summary>
    public const int MaxKeyLength = 80;

    private static void Unique(ManifestErrors errors, string list, IEnumerable<string> keys, string keyName = "key")
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var key in keys)
        {
            if (keyName == "key" && key.Length > MaxKeyLength)
            {
                errors.At($"{list}[{index}].{keyName}", $"is {key.Length} characters long; a key may have at most {MaxKeyLength}. Choose a shorter one.");
            }
            else if (key.Length > 0 && !seen.Add(key))
            {
                errors.At($"{list}[{index}].{keyName}", $"'{key}' is used twice in {list}; each {keyName} must be unique.");
            }

            index++;
        }
    }

    private static void References(ManifestErrors errors, string path, IReadOnlyList<string> used, IReadOnlyList<string> known, string what)
    {
        foreach (var key in used.Where(k => !known.Contains(k)))
        {
            errors.At(path, Unknown(what, key, known));
        }
    }

    private static void Identifier(ManifestErrors errors, string path, string name)
    {
        if (name.Length > 0 && !SqlIdentifier().IsMatch(name))
        {
            errors.At(path, $"'{name}' is not a plain table or column name: use letters, digits and _ (at most 63), starting with a letter or _.");
        }
    }

    private static string Unknown(string what, string value, IReadOnlyCollection<string> known)
    {
        var suggestion = known.MinBy(k => Distance(k, value));
        return suggestion is not null && Distance(suggestion, value) <= Math.Max(1, value.Length / 3)
            ? $"'{value}' is not a known {what}; did you mean '{suggestion}'?"
            : $"'{value}' is not a known {what}.";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SqlIdentifier();

    [GeneratedRegex(@"^(env:[A-Za-z_][A-Za-z0-9_]*|config:[A-Za-z0-9_:.]+|data:(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]*|secret:[A-Za-z][A-Za-z0-9_.-]{0,99})$", RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionReference();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryCode();
}
