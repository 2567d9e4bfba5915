using Lethe.Web.Tests.Support;

namespace Lethe.Web.Tests.HostileInput;

/// <summary>
/// Sends the corpus and keeps what went wrong: any 5xx or a connection closed without an answer (with the body and the
/// server's logged error), a broken expectation, and a server that no longer answers <c>/health/live</c> after an endpoint.
/// </summary>
public sealed class CorpusRun(HostileServer host)
{
    private const int Shown = 60;

    /// <summary>Pages that end or renew the session they are sent with; the corpus sends them with a session of their own.</summary>
    private static readonly string[] SessionEnders = ["/signout", "/account/"];

    private readonly List<string> _failures = [];
    private int _sent;

    /// <summary>Sends <paramref name="corpus"/> for every endpoint <paramref name="which"/> picks, as <paramref name="caller"/>, and fails on what went wrong.</summary>
    public static async Task RunAsync(
        HostileServer host, Caller caller, Func<EndpointShape, bool> which, Func<EndpointShape, HostileServer, Caller, IEnumerable<HostileRequest>> corpus,
        Func<EndpointShape, HostileRequest, RawResponse, string?>? expect = null)
    {
        var run = new CorpusRun(host);
        var shapes = (await EndpointShape.DiscoverAsync(host.Server.App)).Where(which).ToList();
        shapes.Count.ShouldBeGreaterThan(30, "the endpoints were not found");
        foreach (var shape in shapes)
        {
            await run.SendAsync(shape, caller, corpus(shape, host, caller), expect is null ? null : (request, response) => expect(shape, request, response));
        }

        run.ShouldHaveFoundNothing();
    }

    /// <param name="expect">Says what is wrong with an answer that is not a 5xx, or null when it is right.</param>
    public async Task SendAsync(EndpointShape shape, Caller caller, IEnumerable<HostileRequest> requests, Func<HostileRequest, RawResponse, string?>? expect = null)
    {
        var who = caller == host.Admin && SessionEnders.Any(shape.Route.StartsWith) ? host.LeavingAdmin : caller;
        var credentials = who.Headers(HostileServer.TenantFor(shape.Route));
        foreach (var request in requests)
        {
            host.Errors.Take();
            var response = await host.Http.SendAsync(request.Method, request.Target, credentials.Concat(request.Headers), request.Body);
            _sent++;
            var wrong = response.Status switch
            {
                0 => "no answer",
                >= 500 => response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => expect?.Invoke(request, response),
            };
            if (wrong is not null)
            {
                var logged = string.Join(" / ", host.Errors.Take());
                _failures.Add($"{request.Method} {Short(request.Target, 120)} ({request.Kind}) as {caller}: {wrong} {Short(response.Body, 300)} {Short(logged, 1200)}");
            }
        }

        var live = await host.Http.SendAsync("GET", "/health/live", []);
        if (live.Status != 200)
        {
            _failures.Add($"after {shape} as {caller}: /health/live answered {live.Status}");
        }

        // A session ended by the corpus would quietly turn the rest of it into the anonymous pass.
        if (caller.SignedInProbe is { } probe && (await host.Http.SendAsync("GET", probe, caller.Headers(HostileServer.Shop))).Status != 200)
        {
            _failures.Add($"after {shape}: {caller} is no longer signed in; the rest of the corpus would not reach the handlers");
        }
    }

    public void ShouldHaveFoundNothing()
    {
        _sent.ShouldBeGreaterThan(0);
        _failures.ShouldBeEmpty(
            $"{_failures.Count} of {_sent} hostile requests went wrong; the first {Math.Min(Shown, _failures.Count)}:\n" + string.Join("\n", _failures.Take(Shown)));
    }

    private static string Short(string text, int length)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= length ? line : line[..length] + "…";
    }
}
