using Lethe.Notices;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;

namespace Lethe.Web.Pages.Tenants;

/// <summary>Published notice versions, whether the latest still states what is in force, and publishing.</summary>
[Authorize(Policy = "perm:DataMapRead")]
public sealed class NoticesModel(NoticeCommands notices) : TenantPage
{
    public IReadOnlyList<NoticeVersion> Versions { get; private set; } = [];

    public NoticeDrift? Drift { get; private set; }

    public bool CanPublish { get; private set; }

    public async Task OnGetAsync()
    {
        Versions = await notices.VersionsAsync(Tenant, Aborted);
        Drift = await notices.CheckInWordsAsync(Tenant, Lethe.Web.Localization.CatalogueLocalizer.Language, Aborted);
        CanPublish = await CanAsync(Permission.DataMapEdit);
    }
}
