using Lethe.Common;
using Lethe.DataMap;
using Lethe.Tenancy;

namespace Lethe.Records;

/// <summary>Builds a tenant's Art. 30 record from the data map in force.</summary>
public sealed class RecordCommands(DataMapCommands dataMap, TimeProvider time)
{
    public async Task<Outcome<RecordOfProcessing>> BuildAsync(Tenant tenant, string? kind, string? language, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var parsedKind = kind switch
        {
            "controller" => RecordKind.Controller,
            "processor" => RecordKind.Processor,
            _ => (RecordKind?)null,
        };
        if (parsedKind is null)
        {
            errors.Add("record", $"'{kind}' is not a record; use controller (Art. 30(1)) or processor (Art. 30(2)).");
        }

        var lang = language ?? "en";
        if (!LocalizedText.Languages.Contains(lang))
        {
            errors.Add("language", $"'{language}' is not a language of Lethe; use en, da or nb.");
        }

        if (errors.Any)
        {
            return errors.ToFailure();
        }

        if (await dataMap.InForceAsync(tenant, cancellationToken) is not { } inForce)
        {
            return new NotFound("Data map", tenant.Slug);
        }

        return RecordBuilder.Build(inForce.Manifest, parsedKind!.Value, lang, inForce.Revision.Revision, time.GetUtcNow().UtcDateTime);
    }
}
