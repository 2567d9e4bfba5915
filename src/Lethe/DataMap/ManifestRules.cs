using System.Globalization;
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
            errors.At("organization.financialYearEnd", new Said("manifest.error.financial_year_end", [yearEnd]));
        }
        if (o.Country is "DK" or "NO" && o.RegistrationNumber.Length > 0
            && RegistrationNumber.Problem(o.Country == "DK" ? Country.DK : Country.NO, o.RegistrationNumber) is { } problem)
        {
            errors.At("organization.registrationNumber", reader => InReaders(problem, reader));
        }

        if (o.Email.Length > 0 && !MailAddress.TryCreate(o.Email, out _))
        {
            errors.At("organization.email", new Said("manifest.error.email", [o.Email]));
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
                errors.At($"dataCategories[{i}].key", new Said("manifest.error.category_built_in", [m.DataCategories[i].Key]));
            }
        }

        // A custom key that repeats a built-in one (or another custom one) is an error said above; the first keeps the
        // key, so the rest of the data map is still checked and every error is said at once.
        var categories = new Dictionary<string, DataCategory>(StringComparer.Ordinal);
        foreach (var category in Taxonomy.BuiltIn.Concat(m.DataCategories))
        {
            categories.TryAdd(category.Key, category);
        }

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
                    errors.At($"{path}.connection", new Said("manifest.error.connection_reference", []));
                }
                else if (store.Connection is { } named)
                {
                    Boundary(errors, $"{path}.connection", named, references);
                }

                if (store.Kind.IsSql && store.Connection is null)
                {
                    errors.At($"{path}.connection", new Said("manifest.error.connection_required", [store.Kind.ToString()]), $"{path}.kind");
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
                            errors.At($"{cpath}.fields[{f}].file", new Said("manifest.error.file_needs_files", []));
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
                errors.At(field, reader => new Said("manifest.error.refused", [InReaders(message, reader)]).Find(reader));
                break;
            case ({ } message, false):
                errors.WarnAt(field, reader => new Said("manifest.warning.not_resolved_yet", [InReaders(message, reader)]).Find(reader));
                break;
        }
    }

    private static void CheckConnectors(ManifestErrors errors, string path, Datastore store, Func<string, (string Message, bool Final)?>? references)
    {
        foreach (var (name, value) in new[] { ("secret", store.Secret), ("files", store.Files) })
        {
            if (value is not null && !ConnectionReference().IsMatch(value))
            {
                errors.At($"{path}.{name}", new Said("manifest.error.value_reference", []));
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
                errors.At($"{path}.connection", new Said("manifest.error.webhook_connection", []), $"{path}.kind");
            }

            if (store.Secret is null)
            {
                errors.At($"{path}.secret", new Said("manifest.error.webhook_secret", []), $"{path}.kind");
            }
        }

        if (store.Assignee is not null && store.Kind != DatastoreKind.Manual)
        {
            errors.At($"{path}.assignee", new Said("manifest.error.assignee_only_manual", []));
        }

        if (store.Kind == DatastoreKind.Manual && string.IsNullOrWhiteSpace(store.Assignee))
        {
            errors.At($"{path}.assignee", new Said("manifest.error.assignee_required", []), $"{path}.kind");
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
                errors.At($"{path}.key", new Said("manifest.error.not_a_field", [key]));
            }
        }
        else if (store.Kind.IsSql && !names.Contains("id") && collection.Fields.Any(f => f.Erasure is not null))
        {
            errors.At($"{path}.key", new Said("manifest.error.key_required", []), $"{path}.name");
        }

        if (collection.RestrictionFlag is { } flag)
        {
            Identifier(errors, $"{path}.restrictionFlag", flag);
            if (!names.Contains(flag))
            {
                errors.At($"{path}.restrictionFlag", new Said("manifest.error.not_a_field_list_it", [flag]));
            }
        }
    }

    private static void CheckField(ManifestErrors errors, string path, Field field, List<string> categories, HashSet<string> columns)
    {
        Identifier(errors, $"{path}.name", field.Name);
        if (field.Category is { } category && !categories.Contains(category))
        {
            errors.At($"{path}.category", Unknown(new Said("manifest.error.unknown_data_category", [category]), category, categories));
        }

        if (field.Identifies is { } identifies)
        {
            foreach (var part in identifies.Split('+'))
            {
                if (!ManifestVocabulary.IdentityTypes.Contains(part))
                {
                    errors.At($"{path}.identifies", new Said("manifest.error.identity_type", [part, string.Join(", ", ManifestVocabulary.IdentityTypes)]));
                }
            }
        }

        if (field.ReferencesText is { } reference && !columns.Contains(reference))
        {
            errors.At($"{path}.references", new Said("manifest.error.not_a_reference", [reference]));
        }

        if (field.Erasure is { } erasure)
        {
            OneOf(errors, $"{path}.erasure", erasure, ManifestVocabulary.ErasureStrategies);
        }

        if (field.Erasure == "replace" && field.Replacement is null)
        {
            errors.At($"{path}.replacement", new Said("manifest.error.replacement_required", []), $"{path}.erasure");
        }

        if (field.Replacement is not null && field.Erasure != "replace")
        {
            errors.At($"{path}.replacement", new Said("manifest.error.replacement_only", []));
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
                errors.At($"{path}.onBehalfOf", new Said("manifest.error.on_behalf_of_required", []), $"{path}.role");
            }

            if (a.Role != "processor" && a.OnBehalfOf is not null)
            {
                errors.At($"{path}.onBehalfOf", new Said("manifest.error.on_behalf_of_only", []));
            }

            if (a.LegalBasis == "consent" && a.ConsentPurpose is null)
            {
                errors.At($"{path}.consentPurpose", new Said("manifest.error.consent_purpose_required", []), $"{path}.legalBasis");
            }

            if (a.ConsentPurpose is not null && a.LegalBasis != "consent")
            {
                errors.At($"{path}.consentPurpose", new Said("manifest.error.consent_purpose_only", []));
            }
            else if (a.ConsentPurpose == "necessary")
            {
                // Consent.ConsentPurpose.Necessary: Lethe's own purpose for what a site needs to work, never refusable.
                errors.At($"{path}.consentPurpose", new Said("manifest.error.consent_purpose_necessary", []));
            }

            if (a.Banner is not null && a.ConsentPurpose is null)
            {
                errors.At($"{path}.banner", new Said("manifest.error.banner_only_with_purpose", []));
            }
            else if (a.Banner is not null && a.ConsentPurpose == "newsletter")
            {
                errors.At($"{path}.banner", new Said("manifest.error.banner_newsletter", []));
            }

            if (a.Subjects.Count == 0)
            {
                errors.At($"{path}.subjects", new Said("manifest.error.no_subjects", []));
            }

            if (a.Categories.Count == 0)
            {
                errors.At($"{path}.categories", new Said("manifest.error.no_categories", []));
            }

            References(errors, $"{path}.subjects", a.Subjects, subjects, key => new Said("manifest.error.unknown_subject_category", [key]));
            References(errors, $"{path}.categories", a.Categories, categories.Keys.ToList(), key => new Said("manifest.error.unknown_data_category", [key]));
            References(errors, $"{path}.systems", a.Systems, systems, key => new Said("manifest.error.unknown_system", [key]));
            References(errors, $"{path}.recipients", a.Recipients, processors, key => new Said("manifest.error.unknown_processor", [key]));
            if (a.Retention is { } retention && !rules.Contains(retention))
            {
                errors.At($"{path}.retention", Unknown(new Said("manifest.error.unknown_retention_rule", [retention]), retention, rules));
            }

            var special = a.Categories.Any(c => categories.TryGetValue(c, out var category) && category.Special);
            if (special && a.SpecialCategoryCondition is null)
            {
                errors.At($"{path}.specialCategoryCondition", new Said("manifest.error.special_condition_required", []), $"{path}.categories");
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
                    errors.At($"{path}.transfers[{t}].country", new Said("manifest.error.country_code", [a.Transfers[t].Country]));
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
                errors.At($"processors[{i}].policyUrl", new Said("manifest.error.policy_url", [url]));
            }

            Period(errors, $"processors[{i}].noticePeriod", m.Processors[i].NoticePeriod);
            if (m.Processors[i].ForwardRequests is not null && m.Processors[i].Role is "joint-controller" or "independent-controller")
            {
                errors.At($"processors[{i}].forwardRequests", new Said("manifest.error.forward_requests", [m.Processors[i].Role]));
            }
            if (m.Processors[i] is { AgreementDate: { } signed, ReviewDate: { } review } && review < signed)
            {
                errors.At($"processors[{i}].reviewDate", new Said("manifest.error.review_before_agreement", [Day(review), Day(signed)]));
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
            errors.At($"{path}.requires", new Said("manifest.error.requires_without_minimum", []));
            return;
        }

        if (rule.Anchor is not { } anchor)
        {
            errors.At($"{path}.requires", new Said("manifest.error.requires_without_anchor", []));
            return;
        }

        var known = anchors.Where(a => a.Datastore == anchor.Datastore).Select(a => new RequiredPart(a.Collection.Name, a.Name)).ToList();
        var collections = known.Select(k => new RequiredPart(k.Collection)).Distinct();
        var allowed = known.Concat(collections).Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in rule.RequiresText.Where(r => !allowed.Contains(r)))
        {
            errors.At($"{path}.requires", new Said("manifest.error.requires_unknown", [entry, anchor.Datastore.ToString(), known.Count > 0 ? known[0].ToString() : "invoices.amount"]));
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
                errors.At($"{path}.maximum", new Said("manifest.error.no_period", []));
            }

            if (minimum is not null && maximum is not null && maximum.CanBeShorterThan(minimum))
            {
                errors.At($"{path}.maximum", new Said("manifest.error.maximum_shorter", [rule.Maximum!, rule.Minimum!]));
            }

            if (rule.CountFrom is { } countFrom)
            {
                OneOf(errors, $"{path}.countFrom", countFrom, ManifestVocabulary.CountFrom);
                if (rule.AnchorText is null)
                {
                    errors.At($"{path}.countFrom", new Said("manifest.error.count_from_without_anchor", []));
                }
            }

            if (rule.AnchorText is { } anchorText && (rule.Anchor is not { } anchor || !anchors.Contains(anchor)))
            {
                errors.At($"{path}.anchor", Unknown(new Said("manifest.error.unknown_anchor", [anchorText]), anchorText, anchorNames));
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
            errors.At(path, new Said("manifest.error.fields_only_anonymize", []));
            return;
        }

        var collection = rule.Anchor is { } anchor ? m.FindCollection(anchor.Collection) : null;
        if (collection is null)
        {
            errors.At(path, new Said("manifest.error.fields_without_anchor", []));
            return;
        }

        foreach (var name in rule.Fields)
        {
            var field = collection.Fields.FirstOrDefault(f => f.Name == name);
            if (field is null)
            {
                errors.At(path, Unknown(new Said("manifest.error.unknown_field_of", [name, rule.Anchor!.Value.Collection.ToString()]), name, collection.Fields.Select(f => f.Name).ToList()));
            }
            else if (field.Erasure is null or "delete-row")
            {
                errors.At(path, new Said("manifest.error.field_without_erasure", [name]));
            }
        }
    }

    private static void CheckCondition(ManifestErrors errors, string path, RetentionRule rule, RetentionCondition condition, List<FieldRef> anchors)
    {
        if (rule.AnchorText is null)
        {
            errors.At(path, new Said("manifest.error.condition_without_anchor", []));
            return;
        }

        // An anchor that is not system.datastore.collection.field has its own error; it has no columns to name.
        if (condition.Field.Length > 0 && rule.Anchor is { } anchor)
        {
            var columns = anchors.Where(a => a.Collection == anchor.Collection).Select(a => a.Name).ToList();
            if (!columns.Contains(condition.Field, StringComparer.Ordinal))
            {
                errors.At($"{path}.field", Unknown(new Said("manifest.error.unknown_field_of", [condition.Field, anchor.Collection.ToString()]), condition.Field, columns));
            }
        }

        if ((condition.EqualsValue is null) == (condition.IsNull is null))
        {
            errors.At(path, new Said("manifest.error.condition_one_test", []));
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
            errors.At(path, new Said("manifest.error.period", [text]));
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
    internal static Said NotOneOf(string value, IEnumerable<string> allowed) => new Said("manifest.error.not_one_of", [value, string.Join(", ", allowed)]);

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
                errors.At($"{list}[{index}].{keyName}", new Said("manifest.error.key_too_long", [Invariant(key.Length), Invariant(MaxKeyLength)]));
            }
            else if (key.Length > 0 && !seen.Add(key))
            {
                errors.At($"{list}[{index}].{keyName}", new Said("manifest.error.used_twice", [key, list, keyName]));
            }

            index++;
        }
    }

    private static void References(ManifestErrors errors, string path, IReadOnlyList<string> used, IReadOnlyList<string> known, Func<string, Said> notKnown)
    {
        foreach (var key in used.Where(k => !known.Contains(k)))
        {
            errors.At(path, Unknown(notKnown(key), key, known));
        }
    }

    private static void Identifier(ManifestErrors errors, string path, string name)
    {
        if (name.Length > 0 && !SqlIdentifier().IsMatch(name))
        {
            errors.At(path, new Said("manifest.error.identifier", [name]));
        }
    }

    /// <summary>That <paramref name="value"/> is not known (<paramref name="notKnown"/>), asking whether the nearest known one was meant when one is near.</summary>
    private static Func<string, string?> Unknown(Said notKnown, string value, IReadOnlyCollection<string> known)
    {
        var suggestion = known.MinBy(k => Distance(k, value));
        return NotKnown(notKnown, suggestion is not null && Distance(suggestion, value) <= Math.Max(1, value.Length / 3) ? suggestion : null);
    }

    /// <summary>"'x' is not a known …" as a sentence: ended there, or going on to ask whether <paramref name="suggestion"/> was meant.</summary>
    internal static Func<string, string?> NotKnown(Said notKnown, string? suggestion = null) =>
        reader => notKnown.Find(reader) is { } said
            ? said + (suggestion is null ? "." : new Said("manifest.error.did_you_mean", [suggestion]).Find(reader))
            : null;

    /// <summary>
    /// An English sentence made from an <c>error.*</c> text elsewhere (a registration number's problem, the operator's
    /// verdict on a reference), found back and said in the reader's language; as it is where it was not made from one.
    /// </summary>
    private static string InReaders(string english, string reader) =>
        Texts.ErrorMatch(english) is { } verdict ? Texts.Fill(Texts.Get(verdict.Id, reader), verdict.Values) : english;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);

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
