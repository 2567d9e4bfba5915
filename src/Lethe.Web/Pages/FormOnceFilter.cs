using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Lethe.Web.Pages;

/// <summary>
/// One rendered form does its work once. A second post of the same form (a double click, a slow answer clicked again)
/// waits for the first and is answered with the same redirect, instead of filing a second request, sending a second
/// verification mail or issuing a second API key whose secret nobody sees.
/// </summary>
/// <remarks>
/// A form is known by everything it sends: its anti-forgery token, new each time a page is rendered (on the public
/// pages, which carry none, a hidden <c>__Once</c> value of their own), and its fields. Only a post that ended in a redirect counts as done: one
/// answered with the form again (its errors) left nothing done, and may be sent again. The memory is this server's,
/// for ten minutes: two posts of one form reach one server in practice (one browser, one connection), and the domain's
/// own checks (one extension, one review at a time) stand behind it across servers.
/// </remarks>
public sealed class FormOnceFilter : IAsyncPageFilter
{
    private static readonly long Remembered = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long At, TaskCompletionSource<string?> Done)> _sent = new(StringComparer.Ordinal);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (Key(context.HttpContext.Request) is not { } key)
        {
            await next();
            return;
        }

        var (first, done) = Claim(key);
        if (!first)
        {
            // The same form again: answer as the first did once it is done; if it ended without a redirect, this one runs.
            string? location;
            try
            {
                location = await done.Task.WaitAsync(LongestWait, context.HttpContext.RequestAborted);
            }
            catch (TimeoutException)
            {
                location = null;
            }

            if (location is not null)
            {
                context.Result = new RedirectResult(location);
                return;
            }

            await next();
            return;
        }

        string? redirected = null;
        try
        {
            var executed = await next();
            redirected = executed.Exception is null && executed.Result is RedirectResult redirect ? redirect.Url : null;
        }
        finally
        {
            if (redirected is null)
            {
                Forget(key);
            }

            done.TrySetResult(redirected);
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

        // The filter runs after model binding, which has read the form already.
        var form = request.Form;
        if (form["__RequestVerificationToken"].Count == 0 && form["__Once"].Count == 0)
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

        foreach (var file in form.Files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"file:{file.Name}:{file.FileName}:{file.Length}"));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private (bool First, TaskCompletionSource<string?> Done) Claim(string key)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (_sent.Count > 1000)
            {
                foreach (var old in _sent.Where(e => now - e.Value.At > Remembered).Select(e => e.Key).ToList())
                {
                    _sent.Remove(old);
                }
            }

            if (_sent.TryGetValue(key, out var seen) && now - seen.At <= Remembered)
            {
                return (false, seen.Done);
            }

            var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _sent[key] = (now, done);
            return (true, done);
        }
    }

    private void Forget(string key)
    {
        lock (_gate)
        {
            _sent.Remove(key);
        }
    }
}
