using Microsoft.Playwright;

namespace Lethe.Web.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright (its own browser download cannot run here).</summary>
public static class Browser
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>Where test artifacts such as screenshots go: beside the test results.</summary>
    public static string ArtifactPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    private static string ChromiumPath()
    {
        if (Environment.GetEnvironmentVariable("LETHE_TEST_CHROMIUM") is { Length: > 0 } configured)
        {
            return configured;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "chromium")).FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException("No chromium found: run ./test.sh, which installs it, or set LETHE_TEST_CHROMIUM.");
    }
}
