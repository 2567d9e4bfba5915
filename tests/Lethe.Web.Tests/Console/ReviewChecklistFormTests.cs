using Lethe.Audit;
using Lethe.Reviews;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Console;

/// <summary>
/// The review's checklist is one form: what a reviewer types into several items survives pressing any one button, a
/// refused item keeps everything typed, and only what this reviewer changed is saved.
/// </summary>
public sealed class ReviewChecklistFormTests : BrowserTest
{
    [Fact]
    public async Task Notes_typed_in_several_items_are_saved_together_and_kept_when_one_is_refused()
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        await Server.AddPersonAsync("dpo@shop.example", Role.PrivacyOfficer, shop.Tenant);
        var page = await SignedInPageAsync("dpo@shop.example");
        await page.SelectOptionAsync("#language", "da");
        await page.ClickAsync("form.language button");
        await page.GotoAsync("/t/shop/reviews");
        await page.ClickAsync("#start-review button");
        (await page.Locator("#items > li").CountAsync()).ShouldBe(5);
        var reviewId = Guid.Parse(page.Url.Split('/').Last());

        // An open item has neither decision ticked: nothing is decided that was not chosen.
        (await page.Locator("#item-1 input[type=radio]:checked").CountAsync()).ShouldBe(0);

        // Two items filled in, then the button of the second pressed: both are saved, the rest stay open.
        await page.CheckAsync("#item-2 input[value=changed]");
        await page.FillAsync("#note-2", "Arkivet er flyttet.");
        await page.CheckAsync("#item-3 input[value=confirmed]");
        await page.FillAsync("#note-3", "Set igennem med IT.");
        await page.ClickAsync("#item-2 button[name=Save]");
        (await page.TextContentAsync("#item-2 .decision") ?? "").ShouldContain("Ændret: Arkivet er flyttet.");
        (await page.TextContentAsync("#item-3 .decision") ?? "").ShouldContain("Bekræftet: Set igennem med IT.");
        (await DecisionsAsync(reviewId)).ShouldBe(["open", "changed", "confirmed", "open", "open"]);

        // "Changed" without a note, and a note without a decision, are refused; what was typed stays, and nothing is saved.
        await page.CheckAsync("#item-4 input[value=changed]");
        await page.FillAsync("#note-5", "Noteret.");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#item-5 button[name=Save]"), r => r.Request.Method == "POST");
        refused.Status.ShouldBe(400);
        var errors = await page.TextContentAsync("[role=alert]") ?? "";
        errors.ShouldContain("Punkt 4: Feltet »Bemærkning« skal udfyldes.");
        errors.ShouldContain("Punkt 5: Vælg bekræftet eller ændret.");
        (await page.InputValueAsync("#note-5")).ShouldBe("Noteret.");
        (await page.IsCheckedAsync("#item-4 input[value=changed]")).ShouldBeTrue();
        (await page.GetAttributeAsync("#item-4", "class") ?? "").ShouldContain("refused");
        (await page.GetAttributeAsync("#item-5", "class") ?? "").ShouldContain("refused");
        (await page.GetAttributeAsync("#item-1", "class") ?? "").ShouldNotContain("refused");
        await Screens.ShootAsync(page, "console-review-refused-da");
        (await DecisionsAsync(reviewId)).ShouldBe(["open", "changed", "confirmed", "open", "open"]);

        // Meanwhile a colleague decides item 1, which this page still shows open.
        await using (var scope = Server.Database.Scope())
        {
            var decided = await scope.ServiceProvider.GetRequiredService<ReviewCommands>()
                .DecideAsync(shop.Tenant, AuditActor.User("x", "mette@shop.example"), reviewId, "1", ItemDecision.Changed, "Kollegaens rettelse.", default);
            decided.Succeeded.ShouldBeTrue();
        }

        // Enter in item 4's note saves item 4 and what else was changed here — not item 1, which this reviewer left
        // as shown, and not item 5 once its note is taken out again.
        await page.FillAsync("#note-5", "");
        await page.FillAsync("#note-4", "Ny leverandør af lønsystem.");
        await page.PressAsync("#note-4", "Enter");
        await page.WaitForURLAsync($"**/t/shop/reviews/{reviewId}");
        (await DecisionsAsync(reviewId)).ShouldBe(["changed", "changed", "confirmed", "changed", "open"]);
        (await page.TextContentAsync("#item-1 .decision") ?? "").ShouldContain("Kollegaens rettelse.");

        // Completing with an item open is refused, and says so; completing saves item 5's decision first, then completes.
        await page.FillAsync("#Summary", "Alt gennemgået.");
        (await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#complete-review button"), r => r.Request.Method == "POST")).Status.ShouldBe(400);
        (await page.TextContentAsync("[role=alert]") ?? "").ShouldContain("1 punkt(er)");
        (await page.InputValueAsync("#Summary")).ShouldBe("Alt gennemgået.");
        await page.CheckAsync("#item-5 input[value=confirmed]");
        await page.FillAsync("#note-5", "Sidste punkt.");
        await page.ClickAsync("#complete-review button");
        (await page.TextContentAsync("#review-status") ?? "").ShouldBe("Afsluttet");
        (await DecisionsAsync(reviewId)).ShouldBe(["changed", "changed", "confirmed", "changed", "confirmed"]);
        (await page.Locator("#checklist").CountAsync()).ShouldBe(0);
        (await page.TextContentAsync("#item-5 .decision") ?? "").ShouldContain("Bekræftet: Sidste punkt.");
    }

    private async Task<string[]> DecisionsAsync(Guid reviewId)
    {
        await using var scope = Server.Database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
        return await db.ReviewItems.IgnoreQueryFilters().Where(i => i.ReviewId == reviewId).OrderBy(i => i.Position)
            .Select(i => i.Decision == ItemDecision.Open ? "open" : i.Decision == ItemDecision.Changed ? "changed" : "confirmed").ToArrayAsync();
    }
}
