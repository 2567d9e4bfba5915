using System.Net;
using Lethe.Retention;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lethe.Web.Tests.Console;

/// <summary>"Run retention now" pressed again before the run is done: one run, the later presses told so, nothing logged as an error.</summary>
public sealed class RetentionRunButtonTests
{
    [Fact]
    public async Task Pressing_run_retention_now_several_times_at_once_starts_one_run_and_tells_the_others_it_is_in_progress()
    {
        var logged = new ServerErrors();
        await using var server = await LetheServer.StartAsync(configure: b => b.Logging.AddProvider(logged));
        Tenant demo;
        await using (var scope = server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync(DemoTenant.Slug, default))!;
        }

        await server.AddPersonAsync("dpo@flex4business.example", Role.PrivacyOfficer, demo);
        using var client = await server.SignInAsync("dpo@flex4business.example");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("da");
        // Four renderings of the page (two tabs, or the page shown again after the first press): four forms, which
        // FormOnceFilter does not take for one form sent twice.
        var tokens = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            tokens.Add(LetheServer.AntiforgeryToken(await client.GetStringAsync($"/t/{DemoTenant.Slug}/retention")));
        }

        logged.Take();

        var presses = await Task.WhenAll(tokens.Select(token => client.PostAsync($"/t/{DemoTenant.Slug}/retention?handler=Run",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))));

        presses.ShouldAllBe(p => p.StatusCode == HttpStatusCode.Redirect);
        var places = presses.Select(p => p.Headers.Location!.OriginalString).ToList();
        places.Count(p => p == $"/t/{DemoTenant.Slug}/retention").ShouldBe(1, string.Join(", ", places));
        places.Count(p => p == $"/t/{DemoTenant.Slug}/retention?running=already").ShouldBe(3, string.Join(", ", places));
        logged.Take().ShouldBeEmpty();
        await using (var scope = server.Database.Scope())
        {
            (await scope.ServiceProvider.GetRequiredService<LetheDbContext>().RetentionRuns.IgnoreQueryFilters().CountAsync(r => r.TenantId == demo.Id)).ShouldBe(1);
        }

        var told = WebUtility.HtmlDecode(await client.GetStringAsync(places.First(p => p.EndsWith("already", StringComparison.Ordinal))));
        told.ShouldContain("En kørsel af opbevaringsreglerne er allerede i gang, så der blev ikke startet en ny.");
    }
}
