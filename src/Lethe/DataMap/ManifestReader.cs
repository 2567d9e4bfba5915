using Lethe.Localization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lethe.DataMap;

/// <summary>Reads a manifest file strictly: syntax, shape and meaning, every error with file, line, column and field.</summary>
public static class ManifestReader
{
    /// <param name="references">Why a datastore reference may not be used by whoever imports the manifest, or null when it may (see <c>DatastoreBoundary</c>).</param>
    /// <param name="storedRevision">
    /// The file is a revision stored before: a format-1 collection whose owner is unclear is read as belonging to nobody
    /// and warned about, rather than refused, so the data map in force keeps working (see <see cref="ManifestUpgrade"/>).
    /// </param>
    public static ManifestReadResult Read(string yaml, string file, Func<string, (string Message, bool Final)?>? references = null, bool storedRevision = false)
    {
        // Before YamlDotNet builds anything: its tree is built recursively, and a deep enough file ends the process.
        if (ManifestLimits.Check(yaml, file) is { } beyondLimit)
        {
            return new ManifestReadResult(null, [beyondLimit], []);
        }

        var errors = new ManifestErrors(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // The parser's own words stay English; the catalogue says around them that the file is not valid YAML.
            errors.Add((int)e.Start.Line, (int)e.Start.Column, "(file)", new Said("manifest.error.yaml", [Clean(message)]));
            return new ManifestReadResult(null, errors.List, []);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up on some malformed input without a position; find where it stopped.
            var (line, column) = LastReadablePosition(yaml);
            errors.Add(line, column, "(file)", new Said("manifest.error.yaml_stops", []));
            return new ManifestReadResult(null, errors.List, []);
        }

        if (stream.Documents.Count != 1)
        {
            errors.Add(1, 1, "(file)", new Said("manifest.error.one_document", []));
            return new ManifestReadResult(null, errors.List, []);
        }

        if (YamlMap.From(stream.Documents[0].RootNode, "", errors) is not { } root)
        {
            return new ManifestReadResult(null, errors.List, []);
        }

        var manifest = ReadManifest(root, errors);
        root.RejectUnknown();
        if (manifest is { Format: < Manifest.CurrentFormat })
        {
            // Format 1 said nothing of owners; read it as format 2 where that is clear, and refuse where it is not.
            var (upgraded, unclear) = ManifestUpgrade.ToCurrent(manifest);
            foreach (var problem in unclear)
            {
                if (storedRevision)
                {
                    errors.WarnAt($"{problem.Path}.name", reader =>
                        problem.Said.Find(reader) is { } unclear ? new Said("manifest.warning.unclear_owner", [unclear]).Find(reader) : null);
                }
                else
                {
                    errors.At(problem.Path, problem.Said, $"{problem.Path}.name");
                }
            }

            if (unclear.Count == 0)
            {
                errors.WarnAt("lethe", new Said("manifest.warning.format_1", [Manifest.CurrentFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            }

            manifest = upgraded;
        }

        if (manifest is not null)
        {
            ManifestRules.Check(manifest, errors, references);
            if (errors.List.Count == 0)
            {
                LegalWarnings.Check(manifest, errors);
                BannerWarnings.Check(manifest, errors);
                ProcessorWarnings.Check(manifest, errors);
                TextLanguages.Check(manifest, errors);
            }
        }

        return new ManifestReadResult(
            errors.List.Count == 0 ? manifest : null,
            errors.List.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList(),
            errors.Warnings.OrderBy(e => e.Line).ToList());
    }

    private static Manifest? ReadManifest(YamlMap root, ManifestErrors errors)
    {
        var format = root.String("lethe", required: true);
        if (format is not null && format is not ("1" or "2"))
        {
            errors.Add(root.Value("lethe")!, "lethe", new Said("manifest.error.format", [Manifest.CurrentFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        }

        var organization = root.Map("organization", required: true) is { } o ? ReadOrganization(o) : null;
        var manifest = new Manifest
        {
            Format = format == "1" ? 1 : Manifest.CurrentFormat,
            Organization = organization!,
            SubjectCategories = root.Maps("subjectCategories").Select(m => new SubjectCategory
            {
                Key = m.String("key", required: true) ?? "",
                Name = m.Text("name", required: true) ?? Empty,
                DataSubject = m.Boolean("dataSubject") ?? true,
            }).ToList(),
            DataCategories = root.Maps("dataCategories").Select(m => new DataCategory
            {
                Key = m.String("key", required: true) ?? "",
                Name = m.Text("name", required: true) ?? Empty,
                Special = m.Boolean("special") ?? false,
            }).ToList(),
            Systems = root.Maps("systems").Select(m => ReadSystem(m, errors)).ToList(),
            Activities = root.Maps("activities").Select(ReadActivity).ToList(),
            Processors = root.Maps("processors").Select(m => ReadProcessor(m, errors)).ToList(),
            RetentionRules = root.Maps("retention").Select(m => new RetentionRule
            {
                Key = m.String("key", required: true) ?? "",
                Minimum = m.String("minimum"),
                Maximum = m.String("maximum"),
                AnchorText = m.String("anchor"),
                CountFrom = m.String("countFrom"),
                Action = m.String("action", required: true) ?? "",
                Condition = m.Map("condition") is { } c ? ReadCondition(c) : null,
                Fields = m.Strings("fields"),
                RequiresText = m.Strings("requires"),
                LegalReference = m.String("legalReference"),
                Description = m.Text("description", required: true) ?? Empty,
            }).ToList(),
            SecurityMeasures = root.Maps("securityMeasures").Select(m => m.AsText()).OfType<LocalizedText>().ToList(),
        };
        return organization is null ? null : manifest;
    }

    private static readonly LocalizedText Empty = new(new Dictionary<string, string>());

    private static Organization ReadOrganization(YamlMap m)
    {
        var organization = new Organization
        {
            Name = m.String("name", required: true) ?? "",
            RegistrationNumber = m.String("registrationNumber", required: true) ?? "",
            Country = m.String("country", required: true) ?? "",
            Address = m.String("address", required: true) ?? "",
            Email = m.String("email", required: true) ?? "",
            Phone = m.String("phone"),
            Website = m.String("website"),
            Representative = m.String("representative"),
            DataProtectionOfficer = m.String("dataProtectionOfficer"),
            FinancialYearEnd = m.String("financialYearEnd"),
        };
        m.RejectUnknown();
        return organization;
    }

    private static SystemDefinition ReadSystem(YamlMap m, ManifestErrors errors) => new()
    {
        Key = m.String("key", required: true) ?? "",
        Name = m.TextOrPlain("name", required: true) ?? Empty,
        Datastores = m.Maps("datastores").Select(d => new Datastore
        {
            Key = d.String("key", required: true) ?? "",
            Kind = ReadKind(d, errors),
            Connection = d.String("connection"),
            Secret = d.String("secret"),
            Files = d.String("files"),
            Assignee = d.String("assignee"),
            Collections = d.Maps("collections").Select(c => new Collection
            {
                Name = c.String("name", required: true) ?? "",
                Key = c.String("key"),
                RestrictionFlag = c.String("restrictionFlag"),
                Is = c.String("is"),
                BelongsTo = c.String("belongsTo"),
                Mentions = c.Maps("mentions").Select(ReadMention).ToList(),
                When = c.Maps("when").Select(ReadRowCondition).ToList(),
                KeyValue = c.Map("keyValue") is { } kv ? ReadKeyValue(kv) : null,
                Fields = c.Maps("fields").Select(f => new Field
                {
                    Name = f.String("name", required: true) ?? "",
                    Category = f.String("category"),
                    Identifies = f.String("identifies"),
                    ReferencesText = f.String("references"),
                    Erasure = f.String("erasure"),
                    Replacement = f.String("replacement"),
                    File = f.Boolean("file") ?? false,
                    Owns = f.Boolean("owns") ?? false,
                    Disclose = f.Boolean("disclose") ?? true,
                }).ToList(),
            }).ToList(),
        }).ToList(),
    };

    /// <summary>The datastore's kind, read once here; a missing one is reported by the map, an unknown one here, and either is <c>default</c>.</summary>
    private static DatastoreKind ReadKind(YamlMap d, ManifestErrors errors)
    {
        var name = d.String("kind", required: true);
        if (DatastoreKind.TryParse(name, out var kind))
        {
            return kind;
        }

        if (name is not null)
        {
            errors.At(d.Field("kind"), ManifestRules.NotOneOf(name, DatastoreKind.All.Select(k => k.Name)));
        }

        return default;
    }

    private static KeyValueMap ReadKeyValue(YamlMap m)
    {
        var map = new KeyValueMap
        {
            Key = m.String("key", required: true) ?? "",
            Value = m.String("value", required: true) ?? "",
            Entries = m.Maps("entries").Select(e =>
            {
                var entry = new KeyValueEntry
                {
                    Key = e.String("key", required: true) ?? "",
                    Category = e.String("category"),
                    Erasure = e.String("erasure"),
                    Replacement = e.String("replacement"),
                    Disclose = e.Boolean("disclose") ?? true,
                };
                e.RejectUnknown();
                return entry;
            }).ToList(),
        };
        m.RejectUnknown();
        return map;
    }

    private static Mention ReadMention(YamlMap m)
    {
        var mention = new Mention { Field = m.String("field", required: true) ?? "", Fields = m.Strings("fields") };
        m.RejectUnknown();
        return mention;
    }

    private static RowCondition ReadRowCondition(YamlMap m)
    {
        var condition = new RowCondition
        {
            Field = m.String("field", required: true) ?? "",
            EqualsValue = m.String("equals"),
            In = m.Value("in") is null ? null : m.Strings("in"),
            NotIn = m.Value("notIn") is null ? null : m.Strings("notIn"),
            IsNull = m.Boolean("isNull"),
        };
        m.RejectUnknown();
        return condition;
    }

    private static RetentionCondition ReadCondition(YamlMap m)
    {
        var condition = new RetentionCondition { Field = m.String("field", required: true) ?? "", EqualsValue = m.String("equals"), IsNull = m.Boolean("isNull") };
        m.RejectUnknown();
        return condition;
    }

    private static ProcessingActivity ReadActivity(YamlMap m) => new()
    {
        Key = m.String("key", required: true) ?? "",
        Purpose = m.Text("purpose", required: true) ?? Empty,
        LegalBasis = m.String("legalBasis", required: true) ?? "",
        Role = m.String("role") ?? "controller",
        OnBehalfOf = m.Text("onBehalfOf"),
        SpecialCategoryCondition = m.String("specialCategoryCondition"),
        ConsentPurpose = m.String("consentPurpose"),
        Banner = m.Map("banner") is { } banner ? ReadBanner(banner) : null,
        Subjects = m.Strings("subjects"),
        Categories = m.Strings("categories"),
        Systems = m.Strings("systems"),
        Recipients = m.Strings("recipients"),
        Retention = m.String("retention"),
        Transfers = m.Maps("transfers").Select(t => new Transfer
        {
            Country = t.String("country", required: true) ?? "",
            Recipient = t.String("recipient", required: true) ?? "",
            Safeguard = t.String("safeguard", required: true) ?? "",
        }).ToList(),
    };

    private static BannerText? ReadBanner(YamlMap m)
    {
        var label = m.Text("label", required: true);
        var description = m.Text("description");
        m.RejectUnknown();
        return label is null ? null : new BannerText { Label = label, Description = description };
    }

    private static Processor ReadProcessor(YamlMap m, ManifestErrors errors) => new()
    {
        Key = m.String("key", required: true) ?? "",
        Name = m.String("name", required: true) ?? "",
        Service = m.TextOrPlain("service", required: true) ?? Empty,
        Location = m.String("location", required: true) ?? "",
        Role = m.String("role", required: true) ?? "",
        AgreementDate = Date(m, "agreementDate", errors),
        AgreementReference = m.String("agreementReference"),
        ReviewDate = Date(m, "reviewDate", errors),
        NoticePeriod = m.String("noticePeriod"),
        PolicyUrl = m.String("policyUrl"),
        ForwardRequests = m.Boolean("forwardRequests"),
    };

    private static DateOnly? Date(YamlMap m, string key, ManifestErrors errors)
    {
        if (m.String(key) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.At(m.Field(key), new Said("manifest.error.date", [text]));
        return null;
    }

    private static (int Line, int Column) LastReadablePosition(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var last = (Line: 1, Column: 1);
        try
        {
            while (parser.MoveNext())
            {
                last = ((int)parser.Current!.End.Line, (int)parser.Current.End.Column);
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Expected: this is the input that failed to load.
        }

        return last;
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: …): "; the position is reported separately.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}
