using System.Net;
using System.Text.RegularExpressions;
using Lethe.Audit;
using Lethe.DataMap;
using Lethe.Localization;
using Lethe.Notices;
using Lethe.Tests.DataMap;
using Lethe.Tests.Localization;
using Lethe.Tests.Support;
using Lethe.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.PrivacyCentre;

/// <summary>
/// The public pages a Danish or Norwegian visitor meets hold no English sentence of the catalogue, no English text of the
/// data map beside its translation and no raw code (<see cref="EnglishSentences"/>): intake (and its refusals: a bad
/// address, a message too long, too many attempts), sent, verify, status, preferences (asking and choosing), newsletter,
/// the privacy notice, the pages for an unknown address, a body too large and a form that cannot be read, and the
/// e-mails sent on the way.
/// </summary>
public sealed partial class PublicPagesLanguageTests : ServerPerTest
{
    [Theory]
    [InlineData("da")]
    [InlineData("nb")]
    public async Task No_danish_or_norwegian_public_page_holds_an_english_sentence_of_the_catalogue(string language)
    {
        // The mails first: the pages end by spending the address's and the client's attempts on purpose.
        var mails = await MailsAsync(language);
        var pages = await PublicPagesAsync(language);

        pages.Count.ShouldBe(17);
        foreach (var (name, html) in pages)
        {
            html.ShouldContain($"lang=\"{language}\"", Case.Sensitive, name);
            EnglishSentences.In(Text(html), language, DataMap(name.StartsWith("notice", StringComparison.Ordinal) && language == "nb" ? "flex-as" : "flex4business"))
                .ShouldBeEmpty(name);
        }

        foreach (var mail in mails)
        {
            var body = mail.TextBody ?? "";
            EnglishSentences.In(mail.Subject + "\n" + body, language).ShouldBeEmpty(mail.Subject);
            // Not in the links: a random token spells UTC now and then (it failed a run on 2026-12-05).
            Link().Replace(body, "").ShouldNotContain("UTC", Case.Sensitive, mail.Subject);
        }

        // Each says until when its link works, in the company's time zone, named.
        var zone = $"({Texts.Get(TextId.TimeZone(Lethe.Tenancy.Country.DK), language)})";
        mails.Count.ShouldBe(3);
        mails.ShouldAllBe(m => (m.TextBody ?? "").Contains(zone, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("da")]
    [InlineData("nb")]
    public async Task A_message_too_long_is_refused_naming_the_field_in_the_visitor_s_language(string language)
    {
        using var client = Server.Anonymous();

        var refused = await client.PostAsync($"/p/flex4business?culture={language}",
            Form(("Types", "access"), ("Email", "long@example.dk"), ("Message", new string('x', Lethe.Requests.RequestInput.MaxTextLength + 1))));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = Text(await refused.Content.ReadAsStringAsync());
        // Named as the form labels it, with the limit, and nothing the person wrote is lost.
        text.ShouldContain(Texts.Get("centre.field.message", language));
        text.ShouldContain((Lethe.Requests.RequestInput.MaxTextLength).ToString(System.Globalization.CultureInfo.InvariantCulture));
        EnglishSentences.In(text, language).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(400, "da")]
    [InlineData(401, "nb")]
    [InlineData(403, "da")]
    [InlineData(404, "nb")]
    [InlineData(405, "da")]
    [InlineData(413, "da")]
    [InlineData(429, "nb")]
    [InlineData(500, "da")]
    [InlineData(500, "nb")]
    [InlineData(503, "nb")]
    public async Task Every_error_page_a_person_can_meet_is_in_their_language(int status, string language)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Path = "/p/flex4business";
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString($"?culture={language}");
        context.Response.Body = new MemoryStream();
        context.Response.StatusCode = status;

        await Lethe.Web.Hosting.ErrorResponses.WriteStatusAsync(context);

        context.Response.Body.Position = 0;
        var html = await new StreamReader(context.Response.Body).ReadToEndAsync();
        html.ShouldContain($"lang=\"{language}\"");
        EnglishSentences.In(Text(html), language).ShouldBeEmpty();
        Text(html).ShouldNotContain("HTTP");
    }

    [Fact]
    public async Task The_check_finds_the_english_sentences_of_an_english_page()
    {
        using var client = Server.Anonymous();

        var intake = Text(await client.GetStringAsync("/p/flex4business?culture=en"));

        EnglishSentences.In(intake, "da").ShouldContain(Texts.Get("centre.intake.here_ask_us_what", "en"));
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

        var tooLong = await client.PostAsync($"/p/flex4business?culture={language}",
            Form(("Types", "access"), ("Email", email), ("Message", new string('x', Lethe.Requests.RequestInput.MaxTextLength + 1))));
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        pages.Add(("intake too long", await tooLong.Content.ReadAsStringAsync()));
        HttpResponseMessage tooMany;
        var attempts = 0;
        do
        {
            tooMany = await client.PostAsync($"/p/flex4business?culture={language}", Form(("Types", "access"), ("Email", "many@example.dk")));
        }
        while (tooMany.StatusCode != HttpStatusCode.TooManyRequests && ++attempts < 5);
        tooMany.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        pages.Add(("intake too many", await tooMany.Content.ReadAsStringAsync()));

        async Task Refused(string name, HttpStatusCode status, Func<Task<HttpResponseMessage>> send)
        {
            var response = await send();
            response.StatusCode.ShouldBe(status, name);
            pages.Add((name, await response.Content.ReadAsStringAsync()));
        }

        await Refused("404 tenant", HttpStatusCode.NotFound, () => client.GetAsync($"/p/no-such-company?culture={language}"));
        await Refused("404 in the browser's language", HttpStatusCode.NotFound, () => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/p/no-such-company")
        {
            Headers = { { "Accept-Language", language == "nb" ? "nb-NO,no;q=0.9,en;q=0.5" : "da-DK,da;q=0.9,en;q=0.5" } },
        }));
        await Refused("413", HttpStatusCode.RequestEntityTooLarge, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/p/flex4business?culture={language}")
            {
                Content = Form(("Email", email), ("Message", new string('x', 1_200_000))),
            };
            request.Headers.ExpectContinue = true;
            return client.SendAsync(request);
        });
        await Refused("413 without a length", HttpStatusCode.RequestEntityTooLarge, () => client.PostAsync($"/p/flex4business?culture={language}",
            UnknownLength.Create("Email=a%40b.dk&Message=" + new string('x', 1_100_000))));
        await Refused("400 unreadable form", HttpStatusCode.BadRequest, () => client.PostAsync($"/p/flex4business?culture={language}",
            new StringContent(string.Concat(Enumerable.Repeat("Email=x&", 2000)), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded")));
        return pages;
    }

    /// <summary>The e-mails the walk through the pages sent: the request's confirmation and the preference link.</summary>
    private async Task<List<MimeKit.MimeMessage>> MailsAsync(string language)
    {
        using var client = Server.Anonymous();
        (await client.PostAsync($"/p/flex4business?culture={language}", Form(("Types", "access"), ("Email", "mail@example.dk")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ((int)(await client.PostAsync($"/p/flex4business/preferences?culture={language}", Form(("Email", "mail@example.dk")))).StatusCode).ShouldBeLessThan(400);
        ((int)(await client.PostAsync($"/p/flex4business/newsletter?culture={language}", Form(("Email", "mail@example.dk")))).StatusCode).ShouldBeLessThan(400);
        var mails = await ServerMailbox.DeliverAndReadAsync(Server, "mail@example.dk");
        return mails.ToList();
    }

    private static Manifest DataMap(string sample) =>
        ManifestReader.Read(File.ReadAllText(Path.Combine(ManifestFiles.RepositoryRoot(), "samples", sample, "manifest.yaml")), sample).Manifest!;

    /// <summary>A form sent without a Content-Length (chunked), which Kestrel cuts off only while it is read.</summary>
    private sealed class UnknownLength(string form) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(form)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        public static UnknownLength Create(string form)
        {
            var content = new UnknownLength(form);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
            return content;
        }
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

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
