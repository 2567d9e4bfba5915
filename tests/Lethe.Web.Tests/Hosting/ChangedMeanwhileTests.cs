using System.Net;
using System.Text.Json;
using Lethe.Localization;
using Lethe.Tests.Support;
using Lethe.Web.Hosting;
using Lethe.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Hosting;

/// <summary>
/// A save refused because someone else changed the same thing first (a request moved by another agent since it was read) is
/// no bug: 409, saying that nothing was saved and what to do, as a problem on the API and a page in the console.
/// </summary>
public sealed class ChangedMeanwhileTests
{
    [Fact]
    public async Task On_the_api_it_is_a_409_problem_that_says_nothing_was_saved()
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = "/api/v1/tenants/shop/requests/8d1e4c1a-7d0a-4a7f-9a51-2f3c1b0e9d77/approve";
        context.Response.Body = new MemoryStream();

        var handled = await ActivatorUtilities.CreateInstance<ErrorResponses>(services)
            .TryHandleAsync(context, new DbUpdateConcurrencyException("The database operation was expected to affect 1 row(s)."), default);

        handled.ShouldBeTrue();
        context.Response.StatusCode.ShouldBe(StatusCodes.Status409Conflict);
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(409);
        problem.RootElement.GetProperty("title").GetString().ShouldBe("This was changed at the same moment, by someone else or by the same call sent twice.");
        problem.RootElement.GetProperty("detail").GetString().ShouldStartWith("Nothing of this call was saved.");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("da")]
    [InlineData("nb")]
    public async Task In_the_console_it_is_a_409_page_in_the_readers_language(string language)
    {
        await using var server = await LetheServer.StartAsync(configure: builder =>
            builder.Services.Configure<MvcOptions>(o => o.Filters.Add(new ThrowOnPage("/p/shop/status",
                () => new DbUpdateConcurrencyException("The database operation was expected to affect 1 row(s).")))));
        await server.Database.CreateTenantAsync("shop");
        using var client = server.Anonymous();

        var response = await client.GetAsync($"/p/shop/status/a-token?culture={language}");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        page.ShouldContain(Texts.Get("page.error.409", language));
        page.ShouldContain(Texts.Get("page.error.409_detail", language));
    }
}
