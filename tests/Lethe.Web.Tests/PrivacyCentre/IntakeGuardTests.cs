using System.Net;
using Lethe.Storage;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// A person who writes a card or CPR number into the privacy centre's form is told, in their language, that it is not
/// kept and why; the form keeps everything they typed so they can take the number out, and nothing is stored.
/// </summary>
public sealed class IntakeGuardTests : ServerPerTest
{
    private async Task<(int Requests, IReadOnlyList<string> Audit)> StoredAsync()
    {
        await using var scope = Server.Database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        return (await db.Requests.IgnoreQueryFilters().CountAsync(), await db.AuditEntries.IgnoreQueryFilters().Select(a => a.Details).ToListAsync());
    }

    [Fact]
    public async Task A_card_number_in_the_message_is_refused_in_Danish_and_the_message_is_kept()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();
        const string message = "Jeg betalte med kort 4571 0000 0000 0001 og vil vide, hvad I har gemt.";

        var refused = await client.PostAsync("/p/shop?culture=da", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Types"] = "access", ["Email"] = "ida@example.dk", ["Message"] = message,
        }));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        page.ShouldContain("Vi gemmer ikke kortnumre: fjern det, og send igen.");
        page.ShouldContain(message + "</textarea>", Case.Sensitive, "what the person typed stays in the form");
        var (requests, audit) = await StoredAsync();
        requests.ShouldBe(0);
        audit.ShouldAllBe(d => !d.Contains("4571"));
    }

    [Fact]
    public async Task A_cpr_number_in_a_correction_is_refused_where_the_company_keeps_none()
    {
        await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();

        var refused = await client.PostAsync("/p/shop?culture=da", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Types"] = "rectification", ["Email"] = "ida@example.dk", ["Wrong"] = "Mit CPR-nummer", ["Wanted"] = "070761-4285",
        }));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        page.ShouldContain("Vi gemmer ikke personnumre i en besked");
        page.ShouldContain("070761-4285</textarea>");
        (await StoredAsync()).Requests.ShouldBe(0);
    }
}
