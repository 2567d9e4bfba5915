using Microsoft.AspNetCore.Mvc.Filters;

namespace Lethe.Web.Tests.Support;

/// <summary>
/// Stands for a failure on the pages under <paramref name="path"/>: throws <paramref name="failure"/>'s exception before
/// the page's handler runs, so a test sees what the server answers and logs for it.
/// </summary>
public sealed class ThrowOnPage(string path, Func<Exception> failure) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) =>
        context.HttpContext.Request.Path.StartsWithSegments(path, StringComparison.Ordinal) ? throw failure() : Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) => next();
}
