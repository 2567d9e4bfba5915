using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lethe.DataMap;

/// <summary>
/// Writes a manifest as YAML, always the same way for the same manifest (key order fixed, defaults left out), so an
/// export kept in git changes only where the data map changed.
/// </summary>
public static partial class ManifestWriter
{
    public static string Write(Manifest m)
    {
        var w = new Writer();
        w.Scalar(0, "lethe", Manifest.CurrentFormat.ToString(CultureInfo.InvariantCulture), quoteNumbers: false);
        w.Key(0, "organization");
        var o = m.Organization;
        w.Scalar(1, "name", o.Name);
        w.Scalar(1, "registrationNumber", o.RegistrationNumber);
        w.Scalar(1, "country", o.Country);
        w.Scalar(1, "address", o.Address);
        w.Scalar(1, "email", o.Email);
        w.Scalar(1, "phone", o.Phone);
        w.Scalar(1, "website", o.Website);
        w.Scalar(1, "representative", o.Representative);
        w.Scalar(1, "dataProtectionOfficer", o.DataProtectionOfficer);
        w.Scalar(1, "financialYearEnd", o.FinancialYearEnd);

        w.List(0, "subjectCategories", m.SubjectCategories, (s, d) =>
        {
            w.Scalar(d, "key", s.Key);
            w.Text(d, "name", s.Name);
            if (!s.DataSubject)
            {
                w.Scalar(d, "dataSubject", "false", quoteNumbers: false);
            }
        });
        w.List(0, "dataCategories", m.DataCategories, (c, d) =>
        {
            w.Scalar(d, "key", c.Key);
            w.Text(d, "name", c.Name);
            if (c.Special)
            {
                w.Scalar(d, "special", "true", quoteNumbers: false);
            }
        });
        w.List(0, "systems", m.Systems, (s, d) =>
        {
            w.Scalar(d, "key", s.Key);
            w.Text(d, "name", s.Name);
            w.List(d, "datastores", s.Datastores, (store, d2) =>
            {
                w.Scalar(d2, "key", store.Key);
                w.Scalar(d2, "kind", store.Kind.Name);
                w.Scalar(d2, "connection", store.Connection);
                w.Scalar(d2, "secret", store.Secret);
                w.Scalar(d2, "files", store.Files);
                w.Scalar(d2, "assignee", store.Assignee);
                w.List(d2, "collections", store.Collections, (c, d3) =>
                {
                    w.Scalar(d3, "name", c.Name);
                    w.Scalar(d3, "key", c.Key);
                    w.Scalar(d3, "restrictionFlag", c.RestrictionFlag);
                    w.Scalar(d3, "is", c.Is);
                    w.Scalar(d3, "belongsTo", c.BelongsTo);
                    w.List(d3, "when", c.When, (condition, d4) =>
                    {
                        w.Scalar(d4, "field", condition.Field);
                        w.Scalar(d4, "equals", condition.EqualsValue);
                        if (condition.In is { } @in)
                        {
                            w.FlowAlways(d4, "in", @in);
                        }

                        if (condition.NotIn is { } notIn)
                        {
                            w.FlowAlways(d4, "notIn", notIn);
                        }

                        w.Scalar(d4, "isNull", condition.IsNull is { } isNull ? (isNull ? "true" : "false") : null, quoteNumbers: false);
                    });
                    w.List(d3, "mentions", c.Mentions, (mention, d4) =>
                    {
                        w.Scalar(d4, "field", mention.Field);
                        w.Flow(d4, "fields", mention.Fields);
                    });
                    if (c.KeyValue is { } kv)
                    {
                        w.Key(d3, "keyValue");
                        w.Scalar(d3 + 1, "key", kv.Key);
                        w.Scalar(d3 + 1, "value", kv.Value);
                        w.List(d3 + 1, "entries", kv.Entries, (e, d5) =>
                        {
                            w.Scalar(d5, "key", e.Key);
                            w.Scalar(d5, "category", e.Category);
                            w.Scalar(d5, "erasure", e.Erasure);
                            w.Scalar(d5, "replacement", e.Replacement);
                            if (!e.Disclose)
                            {
                                w.Scalar(d5, "disclose", "false", quoteNumbers: false);
                            }
                        });
                    }
                    w.List(d3, "fields", c.Fields, (f, d4) =>
                    {
                        w.Scalar(d4, "name", f.Name);
                        w.Scalar(d4, "category", f.Category);
                        w.Scalar(d4, "identifies", f.Identifies);
                        w.Scalar(d4, "references", f.ReferencesText);
                        w.Scalar(d4, "erasure", f.Erasure);
                        w.Scalar(d4, "replacement", f.Replacement);
                        if (f.File)
                        {
                            w.Scalar(d4, "file", "true", quoteNumbers: false);
                        }

                        if (f.Owns)
                        {
                            w.Scalar(d4, "owns", "true", quoteNumbers: false);
                        }

                        if (!f.Disclose)
                        {
                            w.Scalar(d4, "disclose", "false", quoteNumbers: false);
                        }
                    });
                });
            });
        });
        w.List(0, "activities", m.Activities, (a, d) =>
        {
            w.Scalar(d, "key", a.Key);
            w.Text(d, "purpose", a.Purpose);
            w.Scalar(d, "legalBasis", a.LegalBasis);
            if (a.Role != "controller")
            {
                w.Scalar(d, "role", a.Role);
            }

            if (a.OnBehalfOf is { } onBehalfOf)
            {
                w.Text(d, "onBehalfOf", onBehalfOf);
            }

            w.Scalar(d, "specialCategoryCondition", a.SpecialCategoryCondition);
            w.Scalar(d, "consentPurpose", a.ConsentPurpose);
            if (a.Banner is { } banner)
            {
                w.Key(d, "banner");
                w.Text(d + 1, "label", banner.Label);
                if (banner.Description is { } description)
                {
                    w.Text(d + 1, "description", description);
                }
            }

            w.Flow(d, "subjects", a.Subjects);
            w.Flow(d, "categories", a.Categories);
            w.Flow(d, "systems", a.Systems);
            w.Flow(d, "recipients", a.Recipients);
            w.Scalar(d, "retention", a.Retention);
            w.List(d, "transfers", a.Transfers, (t, d2) =>
            {
                w.Scalar(d2, "country", t.Country);
                w.Scalar(d2, "recipient", t.Recipient);
                w.Scalar(d2, "safeguard", t.Safeguard);
            });
        });
        w.List(0, "processors", m.Processors, (p, d) =>
        {
            w.Scalar(d, "key", p.Key);
            w.Scalar(d, "name", p.Name);
            w.Text(d, "service", p.Service);
            w.Scalar(d, "location", p.Location);
            w.Scalar(d, "role", p.Role);
            w.Scalar(d, "agreementDate", p.AgreementDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.Scalar(d, "agreementReference", p.AgreementReference);
            w.Scalar(d, "reviewDate", p.ReviewDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.Scalar(d, "noticePeriod", p.NoticePeriod);
            w.Scalar(d, "policyUrl", p.PolicyUrl);
            w.Scalar(d, "forwardRequests", p.ForwardRequests is { } forward ? (forward ? "true" : "false") : null, quoteNumbers: false);
        });
        w.List(0, "retention", m.RetentionRules, (r, d) =>
        {
            w.Scalar(d, "key", r.Key);
            w.Scalar(d, "minimum", r.Minimum);
            w.Scalar(d, "maximum", r.Maximum);
            w.Scalar(d, "anchor", r.AnchorText);
            w.Scalar(d, "countFrom", r.CountFrom);
            w.Scalar(d, "action", r.Action);
            w.Flow(d, "fields", r.Fields);
            w.Flow(d, "requires", r.RequiresText);
            if (r.Condition is { } condition)
            {
                w.Key(d, "condition");
                w.Scalar(d + 1, "field", condition.Field);
                w.Scalar(d + 1, "equals", condition.EqualsValue);
                w.Scalar(d + 1, "isNull", condition.IsNull is { } isNull ? (isNull ? "true" : "false") : null, quoteNumbers: false);
            }

            w.Scalar(d, "legalReference", r.LegalReference);
            w.Text(d, "description", r.Description);
        });
        w.List(0, "securityMeasures", m.SecurityMeasures, (text, d) => w.Languages(d, text));
        return w.ToString();
    }

    /// <summary>A YAML scalar as written: plain when no reader could take it for anything but this text, else double-quoted.</summary>
    internal static string Quote(string value, bool inFlow = false, bool quoteNumbers = true)
    {
        var plain = value.Length > 0
                    && !Unsafe().IsMatch(value)
                    && !Reserved().IsMatch(value)
                    && !(quoteNumbers && NumberLike().IsMatch(value))
                    && !(inFlow && value.AsSpan().IndexOfAny(",[]{}") >= 0);
        if (plain)
        {
            return value;
        }

        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                < ' ' or '\u007f' or '\u0085' or '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    // Leading indicators, ": " and " #", trailing ':' or blanks, control and line-break characters.
    [GeneratedRegex(@"^[\s\-?:,\[\]{}#&*!|>'""%@`]|: |\s#|:$|\s$|[\x00-\x1f\x7f\u0085\u2028\u2029\uFEFF]", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();

    // Words YAML 1.1 or 1.2 readers turn into booleans or null.
    [GeneratedRegex("^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$", RegexOptions.CultureInvariant)]
    private static partial Regex Reserved();

    // Numbers, dates and times, .inf/.nan, and anything else starting like one.
    [GeneratedRegex(@"^[+\-.]?[0-9]|^\.(?:inf|Inf|INF|nan|NaN|NAN)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();

    private sealed class Writer
    {
        private readonly StringBuilder _sb = new();

        public void Key(int depth, string key) => Line(depth, key + ":");

        public void Scalar(int depth, string key, string? value, bool quoteNumbers = true)
        {
            if (value is not null)
            {
                Line(depth, $"{key}: {Quote(value, quoteNumbers: quoteNumbers)}");
            }
        }

        public void Text(int depth, string key, LocalizedText text)
        {
            if (text.Plain is { } plain)
            {
                Scalar(depth, key, plain);
                return;
            }

            Key(depth, key);
            Languages(depth + 1, text);
        }

        public void Languages(int depth, LocalizedText text)
        {
            foreach (var language in LocalizedText.Languages)
            {
                Scalar(depth, language, text.In(language));
            }
        }

        public void Flow(int depth, string key, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                Line(depth, $"{key}: [{string.Join(", ", values.Select(v => Quote(v, inFlow: true)))}]");
            }
        }

        /// <summary>A flow list written even when empty: an empty <c>in</c> matches no row, which is not the same as no condition.</summary>
        public void FlowAlways(int depth, string key, IReadOnlyList<string> values) =>
            Line(depth, $"{key}: [{string.Join(", ", values.Select(v => Quote(v, inFlow: true)))}]");

        public void List<T>(int depth, string key, IReadOnlyList<T> items, Action<T, int> writeItem)
        {
            if (items.Count == 0)
            {
                return;
            }

            Key(depth, key);
            foreach (var item in items)
            {
                // The first key of an item shares its line with the "- ".
                var start = _sb.Length;
                writeItem(item, depth + 1);
                var indent = new string(' ', (depth + 1) * 2);
                _sb.Remove(start, indent.Length).Insert(start, new string(' ', depth * 2) + "- ");
            }
        }

        public override string ToString() => _sb.ToString();

        private void Line(int depth, string text) => _sb.Append(' ', depth * 2).Append(text).Append('\n');
    }
}
