using System.Net;
using System.Text.RegularExpressions;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Notices;
using Lethe.Tests.DataMap;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// The public pages a Danish or Norwegian visitor meets hold no English sentence of the catalogue: intake (and its
/// refusal), sent, verify, status, preferences (asking and choosing), newsletter and the privacy notice.
/// </summary>
public sealed partial class PublicPagesLanguageTests : ServerPerTest
{
    [Theory]
    [InlineData("da")]
    [InlineData("nb")]
    public async Task No_danish_or_norwegian_public_page_holds_an_english_sentence_of_the_catalogue(string language)
    {
        var pages = await PublicPagesAsync(language);

        pages.Count.ShouldBe(10);
        foreach (var (name, html) in pages)
        {
            html.ShouldContain($"lang=\"{language}\"", Case.Sensitive, name);
            EnglishSentencesIn(Text(html), language).ShouldBeEmpty(name);
        }
    }

    [Fact]
    public async Task The_check_finds_the_english_sentences_of_an_english_page()
    {
        using var client = Server.Anonymous();

        var intake = Text(await client.GetStringAsync("/p/flex4business?culture=en"));

        EnglishSentencesIn(intake, "da").ShouldContain(Texts.Get("centre.intake.here_ask_us_what", "en"));
    }

    private async Task<List<(string Name, string Html)>> PublicPagesAsync(string language)
    {
        var pages = new List<(string, string)>();
        using var client = Server.Anonymous();
        var email = $"ida-{language}@example.dk";
        async Task<string> Get(string name, string path)
        {
            var html = await client.GetStringAsync(path);
            pages.Add((name, html));
            return html;
        }

        await Get("intake", $"/p/flex4business?culture={language}");
        var refused = await client.PostAsync($"/p/flex4business?culture={language}", Form(("Email", "not an address")));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        pages.Add(("intake refused", await refused.Content.ReadAsStringAsync()));
        var filed = await client.PostAsync($"/p/flex4business?culture={language}", Form(("Types", "access"), ("Email", email)));
        await Get("sent", filed.Headers.Location!.OriginalString);

        var verify = InLanguage(ServerMailbox.Link((await ServerMailbox.DeliverAndReadAsync(Server, email)).Single(), "/verify/"), language);
        await Get("verify", verify);
        var token = verify.Split('/')[^1].Split('?')[0];
        var verified = await client.PostAsync($"/p/flex4business/verify?culture={language}", Form(("Code", token)));
        verified.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Get("status", verified.Headers.Location!.OriginalString);

        await Get("preferences", $"/p/flex4business/preferences?culture={language}");
        var asked = await client.PostAsync($"/p/flex4business/preferences?culture={language}", Form(("Email", "kari@example.no")));
        pages.Add(("preferences asked", await asked.Content.ReadAsStringAsync()));
        var preferences = ServerMailbox.Link((await ServerMailbox.DeliverAndReadAsync(Server, "kari@example.no")).Single(), "/preferences/");
        await Get("preferences chosen", InLanguage(preferences, language));
        await Get("newsletter", $"/p/flex4business/newsletter?culture={language}");
        await Get("notice", $"/p/{await NoticeTenantAsync(language)}/privacy?lang={language}");
        return pages;
    }

    /// <summary>The demo tenant's notice is Danish and English; a Norwegian notice needs a data map written in Norwegian.</summary>
    private async Task<string> NoticeTenantAsync(string language)
    {
        if (language == "da")
        {
            return "flex4business";
        }

        var tenant = await Server.Database.CreateTenantAsync("flex-as");
        await using var scope = Server.Database.Scope();
        var yaml = await File.ReadAllTextAsync(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", "flex-as", "manifest.yaml"));
        (await scope.ServiceProvider.GetRequiredService<DataMapCommands>().ImportAsync(tenant, AuditActor.System, yaml, "manifest.yaml", default)).Succeeded.ShouldBeTrue();
        (await scope.ServiceProvider.GetRequiredService<NoticeCommands>().PublishAsync(tenant, AuditActor.System, default)).Succeeded.ShouldBeTrue();
        return tenant.Slug;
    }

    /// <summary>
    /// The English of every text that the language translates, cut at placeholders and line breaks into pieces of at
    /// least three words: a sentence, not a word Danish shares with English.
    /// </summary>
    private static List<string> EnglishSentencesIn(string text, string language)
    {
        var translated = Texts.All(language);
        return Texts.All("en").Where(t => translated[t.Key] != t.Value)
            .SelectMany(t => Placeholder().Split(t.Value)).Select(s => s.Trim()).Where(s => s.Count(c => c == ' ') >= 2)
            .Distinct().Where(s => text.Contains(s, StringComparison.Ordinal)).ToList();
    }

    private static string Text(string html) =>
        Space().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ");

    /// <summary>A mailed link, which carries the person's language when it is one of theirs, in <paramref name="language"/>.</summary>
    private static string InLanguage(string link, string language)
    {
        var uri = new Uri(link);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        query["culture"] = language;
        return uri.AbsolutePath + "?" + query;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex(@"\{[a-z0-9_]+\}|\n")]
    private static partial Regex Placeholder();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
