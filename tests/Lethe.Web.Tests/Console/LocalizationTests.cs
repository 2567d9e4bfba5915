using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.Console;

public sealed class LocalizationTests(BasicServer fixture) : IClassFixture<BasicServer>
{
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
}
