using Lethe.Localization;

namespace Lethe.DataMap;

/// <summary>
/// The built-in data categories every manifest may use, named in the catalogue (<c>category.{key}</c>); a manifest adds
/// its own under <c>dataCategories</c>.
/// </summary>
public static class Taxonomy
{
    public static readonly IReadOnlyList<DataCategory> BuiltIn =
    [
        Make("contact.name"),
        Make("contact.email"),
        Make("contact.phone"),
        Make("contact.address"),
        Make("contact.language"),
        Make("identity.birth_date"),
        Make("identity.gender"),
        Make("identity.national_id"),
        Make("account.customer_number"),
        Make("account.credentials"),
        Make("commerce.order_history"),
        Make("financial.invoice"),
        Make("financial.payment"),
        Make("financial.salary"),
        Make("communication.inquiry"),
        Make("communication.call_recording"),
        Make("communication.voicemail"),
        Make("communication.usage"),
        Make("employment.position"),
        Make("employment.extension"),
        Make("technical.ip_address"),
        Make("technical.usage"),
        Make("technical.cookie_id"),
        Make("marketing.preferences"),
        Make("media.portrait"),
        Make("special.health", special: true),
        Make("special.union_membership", special: true),
    ];

    private static readonly Dictionary<string, DataCategory> ByKey = BuiltIn.ToDictionary(c => c.Key, StringComparer.Ordinal);

    public static DataCategory? Find(string key) => ByKey.GetValueOrDefault(key);

    private static DataCategory Make(string key, bool special = false) => new()
    {
        Key = key,
        Name = new LocalizedText(Texts.Languages.ToDictionary(l => l, l => Texts.Get(TextId.Category(key), l))),
        Special = special,
    };
}
