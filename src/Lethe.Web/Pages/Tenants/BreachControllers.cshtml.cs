using Lethe.Breaches;
using Lethe.Localization;
using Lethe.Processors;
using Lethe.Storage;
using Lethe.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Pages.Tenants;

/// <summary>A processor's breach told to the controllers it serves (Art. 33(2)): who was told when, and the form to tell the rest.</summary>
[Authorize(Policy = "perm:BreachesRead")]
public sealed class BreachControllersModel(ControllerBreachNotices notices, LetheDbContext db) : TenantPage
{
    public Guid Id { get; private set; }

    public IReadOnlyList<SentNotice> Sent { get; private set; } = [];

    /// <summary>The customers not told yet, each with what the breach touched of it where the data map can count it.</summary>
    public IReadOnlyList<CustomerImpact> Untold { get; private set; } = [];

    public bool CanManage { get; private set; }

    [BindProperty]
    public List<ControllerRow> Rows { get; set; } = [];

    public sealed class ControllerRow
    {
        public string? Tenant { get; set; }

        public bool Include { get; set; }

        public long? People { get; set; }

        public long? Records { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await CanAsync(Permission.BreachesManage))
        {
            return Forbid(CookieScheme);
        }

        var chosen = Rows.Where(r => r.Include).Select(r => new ControllerCount(r.Tenant, r.People, r.Records)).ToList();
        var sent = chosen.Count == 0
            ? Lethe.Common.InvalidInput.For("controllers", Texts.Get("error.controller_notice.choose_one", "en"))
            : await notices.SendAsync(Tenant, Actor, id, chosen, Aborted);
        if (sent.Succeeded)
        {
            return Redirect($"/t/{Tenant.Slug}/breaches/{id}/controllers");
        }

        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        return FormFailed(sent.Failure);
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        Id = id;
        if (!await db.Breaches.AnyAsync(b => b.Id == id, Aborted))
        {
            return false;
        }

        Sent = await notices.ForBreachAsync(Tenant, id, Aborted);
        var told = Sent.Select(s => s.Controller.Id).ToHashSet();
        var counted = await notices.CountAsync(Tenant, id, Aborted);
        Untold = counted.Succeeded
            ? counted.Value.OrderBy(c => c.Customer.Name).ToList()
            // A breach of the company's own systems: the form still lists the customers, and sending says why none is told.
            : (await db.Tenants.AsNoTracking().Where(t => t.ServedBy == Tenant.Id).OrderBy(t => t.Name).ToListAsync(Aborted))
                .Where(t => !told.Contains(t.Id)).Select(t => new CustomerImpact(t, null)).ToList();
        CanManage = await CanAsync(Permission.BreachesManage);
        return true;
    }
}
