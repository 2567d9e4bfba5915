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
/// <see cref="RedirectResult"/> counts as done: one answered with a page (its form's errors — or a result shown once,
/// as a new API key's secret, which this filter cannot hand to a second post) may be sent again. The memory is this server's,
/// for ten minutes: two posts of one form reach one server in practice (one browser, one connection), and the domain's
/// own checks (one extension, one review at a time) stand behind it across servers.
/// </remarks>
public sealed class FormOnceFilter : IAsyncPageFilter
{
    private const int MostRemembered = 20_000;

    private static readonly long Remembered = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long At, TaskCompletionSource<string?> Done)> _sent = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long At)> _order = new();
    private long _pruned = Environment.TickCount64;

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (Key(context.HttpContext.Request) is not { } key)
        {
            await next();
            return;
        }

        while (true)
        {
            var (first, done) = Claim(key);
            if (first)
            {
                await RunFirstAsync(key, done, next);
                return;
            }

            // The same form again: answered as the first was, once it is done.
            string? location;
            try
            {
                location = await done.Task.WaitAsync(LongestWait, context.HttpContext.RequestAborted);
            }
            catch (TimeoutException)
            {
                // The first is still at work: this one must not start it again. The 409 page says the form was sent twice.
                context.Result = new StatusCodeResult(StatusCodes.Status409Conflict);
                return;
            }

            if (location is not null)
            {
                context.Result = new RedirectResult(location);
                return;
            }

            // The first ended without doing the work (its form came back with errors): one of those waiting claims it now.
        }
    }

    private async Task RunFirstAsync(string key, TaskCompletionSource<string?> done, PageHandlerExecutionDelegate next)
    {
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

    private (bool First, TaskCompletionSource<string?> Done) Claim(string key)
    {
        var now = Environment.TickCount64;
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            // Forms older than ten minutes are forgotten once a minute, in the order they came.
            if (now - _pruned > 60_000)
            {
                _pruned = now;
                while (_order.TryPeek(out var oldest) && now - oldest.At > Remembered)
                {
                    _order.Dequeue();
                    if (_sent.TryGetValue(oldest.Key, out var entry) && entry.At == oldest.At)
                    {
                        _sent.Remove(oldest.Key);
                    }
                }
            }

            if (_sent.TryGetValue(key, out var seen) && now - seen.At <= Remembered)
            {
                return (false, seen.Done);
            }

            // Past the cap (a flood of made-up __Once values) forms are not remembered: each post does its work, as
            // without this filter, and the memory stays bounded.
            // The queue also holds forms already forgotten (answered with a page) until they age out: it is capped too.
            if (_sent.Count < MostRemembered && _order.Count < 2 * MostRemembered)
            {
                _sent[key] = (now, done);
                _order.Enqueue((key, now));
            }

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
