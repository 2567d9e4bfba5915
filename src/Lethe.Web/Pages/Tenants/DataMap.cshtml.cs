using System.Globalization;
using Lethe.DataMap;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace Lethe.Web.Pages.Tenants;

/// <summary>The tenant's data map in force: activities, systems, processors and retention rules, with downloads.</summary>
[Authorize(Policy = "perm:DataMapRead")]
public sealed class DataMapModel(DataMapCommands dataMap) : TenantPage
{
    public DataMapRevision? Revision { get; private set; }

    public Manifest? Manifest { get; private set; }

    public IReadOnlyList<ManifestError> Warnings { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public string Language => LocalizedText.Languages.Contains(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)
        ? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName
        : "en";

    /// <summary>The data map's keys said by its own names in the reader's language.</summary>
    public ManifestWords Words { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var inForce = await dataMap.InForceAsync(Tenant, Aborted);
        Revision = inForce?.Revision;
        Manifest = inForce?.Manifest;
        Warnings = inForce?.Read.Warnings ?? [];
        // The page reads the words only where it has a data map to show.
        Words = Manifest is null ? null! : new ManifestWords(Manifest, Language);
        CanEdit = await CanAsync(Permission.DataMapEdit);
    }
}
