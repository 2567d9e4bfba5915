using System.Globalization;
using Lethe.DataMap;
using Lethe.Requests;

namespace Lethe.Localization;

/// <summary>
/// Where data is, said by the names the data map gives it rather than by its keys, for people who did not write the
/// file: <c>billing.db</c> is "Fakturering og bogføring", <c>billing.db.customers</c> is "Fakturering og bogføring –
/// customers", and a request forwarded as <c>sub-processor:nets</c> is "Databehandler: Nets Denmark A/S". A name is in the
/// reader's language where the data map has one, else in the tenant's own; a key the data map no longer has (or no data
/// map at all) is shown as written, which is still better than nothing for whoever looks it up.
/// </summary>
public static class PlaceNames
{
    /// <summary>
    /// A request step's or a datastore's place (<see cref="RequestStep.Datastore"/>): the system's name (with the
    /// datastore's key when the system has several), or the processor a request was forwarded to by its role and name.
    /// </summary>
    /// <param name="forwardedTo">The processor's name as recorded when the request was forwarded (<see cref="RequestStep.ForwardedTo"/>).</param>
    public static string Datastore(Manifest? manifest, string datastore, string language, string? forwardedTo = null)
    {
        if (Forwarding.IsForwarded(datastore))
        {
            return Forwarded(manifest, datastore[Forwarding.Prefix.Length..], forwardedTo, language);
        }

        if (manifest is null || !DatastoreRef.TryParse(datastore, out var reference)
            || manifest.Systems.FirstOrDefault(s => s.Key == reference.System) is not { } system)
        {
            return datastore;
        }

        var name = manifest.Say(system.Name, language);
        return system.Datastores.Count > 1 ? $"{name} – {reference.Datastore}" : name;
    }

    /// <summary>A collection (<c>system.datastore.collection</c>) as its datastore's name and its own: "Fakturering og bogføring – customers".</summary>
    public static string Collection(Manifest? manifest, string collection, string language) =>
        CollectionRef.TryParse(collection, out var reference) && Datastore(manifest, reference.Datastore.ToString(), language) is var place && place != reference.Datastore.ToString()
            ? $"{place} – {reference.Name}"
            : collection;

    private static string Forwarded(Manifest? manifest, string key, string? forwardedTo, string language)
    {
        var processor = manifest?.Processors.FirstOrDefault(p => p.Key == key);
        var name = forwardedTo ?? processor?.Name ?? key;
        var text = processor?.Role switch
        {
            "processor" => Texts.Get("place.processor", language),
            Processors.SubProcessors.Role => Texts.Get("place.sub_processor", language),
            // Its role is no longer in the data map: what was done is still known.
            _ => Texts.Get("console.request.forwarded_to", language),
        };
        return string.Format(CultureInfo.InvariantCulture, text, name);
    }
}
