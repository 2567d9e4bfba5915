using System.Text.Json;
using System.Text.Json.Nodes;
using Lethe.DataMap;
using Lethe.Tenancy;

namespace Lethe.Consent;

/// <summary>
/// The receipt of a consent event, in the fields of the Kantara Initiative Consent Receipt v1.1 where they apply
/// (version, jurisdiction, consentTimestamp in seconds, collectionMethod, consentReceiptID, piiPrincipalId,
/// piiControllers, policyUrl, services and purposes, sensitive), with Lethe's own fields for what Kantara does not
/// cover: the action (a withdrawal has a receipt too), the notice version, the hash of the texts shown and the Global
/// Privacy Control signal.
/// </summary>
public static class ConsentReceipt
{
    public const string Version = "KI-CR-v1.1.0";

    public static string Create(ConsentEvent e, Manifest manifest, Tenant tenant, IReadOnlyList<ConsentPurpose> purposes, string? policyUrl, string? language)
    {
        var organization = manifest.Organization;
        var activities = manifest.Activities.Where(a => a.ConsentPurpose is not null).ToList();
        var asked = JsonSerializer.Deserialize<List<string>>(e.PurposesJson) ?? [];
        var receipt = new JsonObject
        {
            ["version"] = Version,
            ["jurisdiction"] = tenant.Country.ToString(),
            ["consentTimestamp"] = new DateTimeOffset(e.OccurredAt, TimeSpan.Zero).ToUnixTimeSeconds(),
            ["collectionMethod"] = e.Channel,
            ["consentReceiptID"] = e.Id.ToString(),
            ["language"] = language,
            ["piiPrincipalId"] = e.Subject,
            ["piiControllers"] = new JsonArray(new JsonObject
            {
                ["piiController"] = organization.Name,
                ["onBehalf"] = false,
                ["contact"] = organization.DataProtectionOfficer ?? organization.Name,
                ["address"] = new JsonObject { ["@type"] = "PostalAddress", ["streetAddress"] = organization.Address, ["addressCountry"] = organization.Country },
                ["email"] = organization.Email,
                ["phone"] = organization.Phone is { } phone ? "tel:" + phone.Replace(" ", "", StringComparison.Ordinal) : null,
                ["piiControllerUrl"] = organization.Website,
            }),
            ["policyUrl"] = policyUrl,
            ["services"] = new JsonArray(new JsonObject
            {
                ["service"] = organization.Name,
                ["purposes"] = new JsonArray(asked.Select(key =>
                {
                    var purpose = purposes.First(p => p.Key == key);
                    var categories = activities.Where(a => a.ConsentPurpose == key).SelectMany(a => a.Categories).Distinct(StringComparer.Ordinal);
                    return (JsonNode)new JsonObject
                    {
                        ["purpose"] = purpose.Title.In(language ?? "en") ?? purpose.Title.In("en") ?? key,
                        ["purposeCategory"] = new JsonArray(purpose.Kind),
                        ["consentType"] = "EXPLICIT",
                        ["piiCategory"] = new JsonArray(categories.Select(c => (JsonNode)c).ToArray()),
                        ["primaryPurpose"] = false,
                        ["termination"] = "Until withdrawn (as easily as given, from the link at the bottom of every page) or until it lapses and you are asked again.",
                        ["thirdPartyDisclosure"] = purpose.Processors.Count > 0,
                        ["thirdPartyName"] = purpose.Processors.Count > 0 ? string.Join(", ", purpose.Processors) : null,
                    };
                }).ToArray()),
            }),
            ["sensitive"] = false,
            ["spiCat"] = new JsonArray(),
            ["lethe"] = new JsonObject
            {
                ["action"] = e.Action,
                ["purposes"] = new JsonArray(asked.Select(p => (JsonNode)p).ToArray()),
                ["noticeVersion"] = e.NoticeVersion,
                ["textsHash"] = e.TextsHash,
                ["globalPrivacyControl"] = e.GlobalPrivacyControl,
            },
        };
        return receipt.ToJsonString();
    }
}
