using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Lethe.Web.Pages;

/// <summary>
/// One rendered form does its work once. A second post of the same form (a double click, a slow answer clicked again)
/// waits for the first and is answered with the same redirect, instead of filing a second request, sending a second
/// verification mail or starting a second review.
/// </summary>
/// <remarks>
/// A form is known by everything it sends: its anti-forgery token, new each time a page is rendered (on the public
/// pages, which carry none, a hidden <c>__Once</c> value of their own), and its fields. Only a post that ended in a
/// <see cref="RedirectResult"/> counts as done: one answered with a page (its form's errors, or a result shown on the
/// page itself) may be sent again — so a form whose result is shown once answers with a redirect to it, as a new API
/// key's does. The memory (<see cref="FormMemory"/>) is this server's, for ten minutes: two posts of one form reach one server in practice (one browser, one connection), and the domain's
/// own checks (one extension, one review at a time) stand behind it across servers.
/// </remarks>
public sealed class FormOnceFilter : IAsyncPageFilter
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private readonly FormMemory _memory = new(TimeSpan.FromMinutes(10), mostRemembered: 20_000);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (Key(context.HttpContext.Request) is not { } key)
        {
            await next();
            return;
        }

        var answer = await _memory.SendAsync(key, async () =>
        {
            var executed = await next();
            return executed.Exception is null && executed.Result is RedirectResult redirect ? redirect.Url : null;
        }, LongestWait, context.HttpContext.RequestAborted);
        switch (answer)
        {
            case FormAnswer.Repeated repeated:
                // The same form again: answered as the first was.
                context.Result = new RedirectResult(repeated.Location);
                break;
            case FormAnswer.StillAtWork:
                // The first is still at work: this one must not start it again. The 409 page says the form was sent twice.
                context.Result = new StatusCodeResult(StatusCodes.Status409Conflict);
                break;
        }
    }

    /// <summary>
    /// The posted form's identity: its address and everything it sent, hashed. The anti-forgery token (or <c>__Once</c>)
    /// makes it this rendering's; the rest tells apart two forms of one page, which share the page's token.
    /// </summary>
    private static string? Key(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            return null;
        }

        // The filter runs after model binding, which has read the form already. A form with files is left alone: the
        // same name and size may be another file chosen again.
        var form = request.Form;
        if ((form["__RequestVerificationToken"].Count == 0 && form["__Once"].Count == 0) || form.Files.Count > 0)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Path}{request.QueryString}\n"));
        foreach (var (name, values) in form)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name.Length}:{name}={values.Count}"));
            foreach (var value in values)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"{value?.Length}:{value}"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
