using System.CommandLine;
using Lethe.Web;
using Lethe.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Lethe.Cli;

/// <summary><c>lethe serve</c>: migrate, first-run set-up, then the web server until stopped.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Urls = new("--urls")
    {
        Description = $"Where to listen (default {WebSettings.DefaultUrls}; env LETHE_URLS).",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("serve", "Start the web server (console, privacy centre, API).");
        command.Options.Add(Urls);
        command.SetAction((parse, ct) => RunAsync(context, parse, ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        if (await context.StorageAsync(parse) is not { } storage)
        {
            return LetheCli.Failed;
        }

        var urls = parse.GetValue(Urls) ?? CliSettings.Env("LETHE_URLS") ?? WebSettings.DefaultUrls;
        if (urls.Split(';').Any(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            await context.Error.WriteLineAsync($"lethe: --urls (LETHE_URLS) must be http:// or https:// addresses separated by ';', not '{urls}'.");
            return LetheCli.Failed;
        }

        var httpsRedirect = CliSettings.Env("LETHE_HTTPS_REDIRECT") is { } flag && (flag == "1" || flag.Equals("true", StringComparison.OrdinalIgnoreCase));
        var settings = new WebSettings(storage, urls, httpsRedirect, CliSettings.Env("LETHE_ADMIN_PASSWORD"));
        var (built, firstRun) = await LetheWebHost.BuildAndPrepareAsync(settings, cancellationToken);
        await using var app = built;
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await context.Error.WriteLineAsync($"lethe: cannot listen on {urls}: {e.Message}");
            return LetheCli.Failed;
        }

        await context.Output.WriteLineAsync($"Lethe is running at {string.Join(", ", app.Urls)} ({storage.Provider}). Press Ctrl+C to stop.");
        if (firstRun is not null)
        {
            // Written to the operator's terminal, never to the log: the log may be shipped elsewhere.
            await context.Output.WriteLineAsync($"First run: created the demo tenant '{firstRun.DemoTenant.Slug}' and the platform admin {firstRun.AdminEmail}.");
            foreach (var (what, address) in firstRun.Addresses(app.Urls.First()))
            {
                await context.Output.WriteLineAsync($"  {what + ":",-36} {address}");
            }

            await context.Output.WriteLineAsync("  Retention has not run on the demo data: open the console's Retention page to see the plan and start it.");
            await context.Output.WriteLineAsync(firstRun.OneTimePassword is { } password
                ? $"One-time password for {firstRun.AdminEmail}: {password}  (you choose your own at first sign-in)"
                : $"The admin's password is the one given in LETHE_ADMIN_PASSWORD.");
        }

        await app.WaitForShutdownAsync(cancellationToken);
        return LetheCli.Ok;
    }
}
