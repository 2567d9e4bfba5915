using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Lethe.Web.Pages;

/// <summary>
/// Answers 400 when the framework could not read a page's form at all: more than 1,024 values, a name longer than
/// 2,048 characters, a broken multipart body.
/// </summary>
/// <remarks>
/// Model binding then records the failure and binds nothing, and the handler still runs with every argument null. The
/// console's forms fail their anti-forgery check first; the public pages carry no token, so there it was a
/// NullReferenceException and a 500.
/// </remarks>
public sealed class UnreadableFormFilter : IAsyncPageFilter
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
        // The failure is recorded under the empty key, as a message only (ModelStateDictionary keeps a ValueProviderException's
        // message, not the exception). Before a handler runs, nothing else puts an error there: Lethe's pages validate in
        // their handlers, and model binding files its own errors under the field's name.
        if (context.ModelState.TryGetValue("", out var entry) && entry.Errors.Count > 0)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }

        await next();
    }
}
