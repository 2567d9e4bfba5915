using Lethe.Localization;
using Lethe.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Lethe.Web.Pages;

/// <summary>
/// Answers 400 before a page's handler runs when the framework could not read what was sent: a form it cannot read at
/// all (more than 1,024 values, a name longer than 2,048 characters, a broken multipart body), or a value that is not of
/// its field's type (<c>dryRun=maybe</c>, <c>sample=ten</c>, <c>from=yesterday</c>).
/// </summary>
/// <remarks>
/// Model binding records such a failure and carries on, and the handler then runs with the field's default: a form that
/// could not be read bound nothing (a NullReferenceException and a 500 on the public pages, which carry no anti-forgery
/// token), and a value that could not be read became null, false or zero — no sampling for a scan, a real masking for a
/// dry run. The pages' own forms send such values only where a person types past what a field allows (a number field
/// takes <c>1e3</c>), so the answer names the field to correct.
/// Lethe's pages validate in their handlers, in the reader's language (the framework's validators are off:
/// <see cref="LetheWebHost"/>), so every error in the model state before a handler runs is one of binding's.
/// </remarks>
public sealed class UnreadableInputFilter : IAsyncPageFilter
{
    /// <summary>
    /// Reads the form before model binding does, so that a body Kestrel cut off at its limit (one sent without a length)
    /// ends in the 413 page in the reader's language, not in model binding's English "Failed to read the request form".
    /// </summary>
    public async Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context)
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType)
        {
            return;
        }

        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }))
        {
            // A form the framework cannot parse: model binding meets the same failure and records it, and the handler is refused below.
        }
    }

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var unreadable = context.ModelState.Where(e => e.Value is { Errors.Count: > 0 }).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        const int named = 10, longest = 64;
        if (unreadable.Count == 0)
        {
            await next();
            return;
        }

        // An unreadable form is recorded under the empty key, as a message only (ModelStateDictionary keeps a
        // ValueProviderException's message, not the exception); a value that is not of its field's type, under the
        // field's name, which is what the sender wrote and so what the answer names (a few of them, cut short: a crafted
        // form chooses its collections' indexes).
        context.Result = unreadable.Contains("")
            ? new StatusCodeResult(StatusCodes.Status400BadRequest)
            : new UnreadableValues(unreadable.Take(named).Select(f => f.Length > longest ? f[..longest] + "…" : f).ToList());
    }

    private sealed class UnreadableValues(IReadOnlyList<string> fields) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            ErrorResponses.WritePageAsync(context.HttpContext, StatusCodes.Status400BadRequest, language =>
                Texts.Fill(Texts.Get("page.error.400_fields", language), new Dictionary<string, string> { ["fields"] = string.Join(", ", fields) }));
    }
}
