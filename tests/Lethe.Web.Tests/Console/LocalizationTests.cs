using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Lethe.Common;
using Lethe.Requests;
using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Console;

public sealed partial class LocalizationTests(BasicServer fixture) : IClassFixture<BasicServer>
{
    private static readonly ResourceManager Strings = new("Lethe.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    [Theory]
    [InlineData("da", "Log ind", "lang=\"da\"")]
    [InlineData("nb", "Logg inn", "lang=\"nb\"")]
    [InlineData("en", "Sign in", "lang=\"en\"")]
    [InlineData("fr", "Sign in", "lang=\"en\"")]
    public async Task The_console_speaks_the_browsers_language(string acceptLanguage, string expected, string lang)
    {
        using var client = fixture.Server.Anonymous();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);

        var html = await client.GetStringAsync("/signin");

        html.ShouldContain($"<h1>{expected}</h1>");
        html.ShouldContain(lang);
    }

    [Theory]
    [InlineData("da")]
    [InlineData("nb")]
    public void Every_string_has_a_translation(string culture)
    {
        var neutral = Strings.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToList();
        var translated = Strings.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);

        neutral.Count.ShouldBeGreaterThan(90);
        neutral.Except(translated.Keys).ShouldBeEmpty();
        translated.Values.ShouldAllBe(v => !string.IsNullOrWhiteSpace(v));
    }

    [Fact]
    public void Every_string_the_pages_use_is_in_the_resources()
    {
        var pages = Path.Combine(RepositoryRoot(), "src", "Lethe.Web", "Pages");
        var used = Directory.EnumerateFiles(pages, "*.cs*", SearchOption.AllDirectories)
            .SelectMany(file => UsedString().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Where(key => !key.EndsWith('.'))
            .Distinct().ToList();
        var known = Strings.GetResourceSet(CultureInfo.InvariantCulture, true, false)!
            .Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();

        used.Count.ShouldBeGreaterThan(80);
        used.Where(key => !known.Contains(key)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("da")]
    [InlineData("nb")]
    public void Every_request_status_channel_and_right_has_words_in_every_language(string culture)
    {
        // Built from values at run time (T["status." + r.Status]), so the scan of literal keys above cannot see them.
        var keys = RequestStatus.All.Select(s => "status." + s.ToWire())
            .Concat(RequestChannel.All.Select(c => "channel." + c.ToWire()))
            .Concat(RequestType.All.Select(t => "want." + t.ToWire()))
            .Concat(RequestType.All.Select(t => t.ToWire()));
        var set = Strings.GetResourceSet(CultureInfo.GetCultureInfo(culture == "en" ? "" : culture), createIfNotExists: true, tryParents: false)!;
        foreach (var key in keys)
        {
            set.GetString(key).ShouldNotBeNullOrWhiteSpace(key);
        }
    }

    [Fact]
    public void No_two_resource_names_differ_only_in_case()
    {
        // Resource sets compare names without case: a second "Completed" beside "completed" is silently one of them.
        var resources = Path.Combine(RepositoryRoot(), "src", "Lethe.Web", "Resources");
        foreach (var file in Directory.EnumerateFiles(resources, "*.resx"))
        {
            var names = System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();
            names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty(Path.GetFileName(file));
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lethe.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from within the repository.");
    }

    [GeneratedRegex("""(?<![A-Za-z])[TL]\["([^"]+)"\]""")]
    private static partial Regex UsedString();
}
