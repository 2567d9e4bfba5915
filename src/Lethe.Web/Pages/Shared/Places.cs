using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Web.Localization;

namespace Lethe.Web.Pages.Shared;

/// <summary>
/// Datastores and collections said by the data map's names in the reader's language (<see cref="PlaceNames"/>), for a
/// console page that lists where things are. Without a data map every place is shown by its key.
/// </summary>
public sealed class Places(Manifest? manifest)
{
    public static readonly Places ByKey = new(null);

    /// <summary>The data map in force, read once for the page.</summary>
    public static async Task<Places> OfAsync(DataMapCommands dataMap, Lethe.Tenancy.Tenant tenant, CancellationToken ct) =>
        new((await dataMap.InForceAsync(tenant, ct))?.Manifest);

    /// <param name="forwardedTo">The processor's name as recorded when a request was forwarded to it.</param>
    public string Datastore(string datastore, string? forwardedTo = null) =>
        PlaceNames.Datastore(manifest, datastore, CatalogueLocalizer.Language, forwardedTo);

    public string Collection(string collection) => PlaceNames.Collection(manifest, collection, CatalogueLocalizer.Language);
}
