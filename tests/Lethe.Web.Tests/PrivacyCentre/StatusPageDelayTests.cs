using System.Net;
using Lethe.Localization;
using Lethe.Requests;
using Lethe.Requests.Answers;
using Lethe.Storage;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// An answer whose making failed is delayed: the status page says by when it comes while the deadline holds, and once
/// the deadline has passed it says that instead of promising a day already gone, and where the person may complain.
/// </summary>
public sealed class StatusPageDelayTests : ServerPerTest
{
    [Theory]
    [InlineData("da")]
    [InlineData("nb")]
    [InlineData("en")]
    public async Task A_delayed_answer_is_promised_by_the_deadline_only_while_the_deadline_holds(string language)
    {
        var shop = await ShopTenant.CreateAsync(Server, "shop");
        using var client = Server.Anonymous();
        var filed = await client.PostAsync($"/p/shop?culture={language}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Types"] = "access", ["Email"] = "ida@example.dk",
        }));
        filed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var mail = (await ServerMailbox.DeliverAndReadAsync(Server, "ida@example.dk")).Single();
        var code = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", "[0-9A-Z]{4}(-[0-9A-Z]{4}){7}").Value;
        var verified = await client.PostAsync($"/p/shop/verify?culture={language}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = code }));
        verified.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var status = verified.Headers.Location!.OriginalString;

        // Making the answer failed once (a datastore could not be read), with the deadline still ahead.
        Guid id;
        DateOnly due;
        await using (var scope = Server.Database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LetheDbContext>();
            var request = await db.Requests.IgnoreQueryFilters().SingleAsync();
            (id, due) = (request.Id, request.DueOn!.Value);
            db.PackageFailures.Add(new PackageFailure
            {
                TenantId = shop.Tenant.Id, RequestId = id, Attempts = 1, FirstFailedAt = DateTime.UtcNow, LastError = "erp.db could not be read",
            });
            await db.SaveChangesAsync();
        }

        var culture = RequestLanguage.Culture(language);
        var kept = string.Format(culture, Texts.Get("centre.status.answer_delayed", language), due.ToString("d", culture));
        var complain = $"{Texts.Get("centre.status.may_complain", language)} {shop.Tenant.SupervisoryAuthority}.";
        var before = WebUtility.HtmlDecode(await client.GetStringAsync(status));
        before.ShouldContain(kept);
        before.ShouldNotContain(complain);

        // The deadline passes while the answer still cannot be made.
        var passed = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
        await using (var scope = Server.Database.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<LetheDbContext>().Requests.IgnoreQueryFilters().Where(r => r.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.DueOn, passed));
        }

        var after = WebUtility.HtmlDecode(await client.GetStringAsync(status));
        after.ShouldContain(string.Format(culture, Texts.Get("centre.status.answer_delayed_past_deadline", language), passed.ToString("d", culture)));
        after.ShouldContain(complain);
        after.ShouldNotContain(string.Format(culture, Texts.Get("centre.status.answer_delayed", language), passed.ToString("d", culture)));
    }
}
