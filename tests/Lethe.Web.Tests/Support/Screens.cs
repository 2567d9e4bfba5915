using Microsoft.Playwright;

namespace Lethe.Web.Tests.Support;

/// <summary>A page looked at on a phone and on a desktop, as screenshots beside the test results.</summary>
public static class Screens
{
    private static readonly (int Width, int Height)[] Sizes = [(390, 844), (1280, 900)];

    /// <summary>
    /// Saves the page full length at each size as <c>{name}-{width}.png</c>, and fails when anything is wider than the
    /// window or a button lies beyond its right edge (hidden inside a table that scrolls sideways), so nothing on a
    /// phone needs scrolling sideways to reach. <paramref name="atEachSize"/> checks more at each size, given the width.
    /// </summary>
    public static async Task ShootAsync(IPage page, string name, Func<int, Task>? atEachSize = null)
    {
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            if (atEachSize is not null)
            {
                await atEachSize(width);
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath($"{name}-{width}.png"), FullPage = true });
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            overflow.ShouldBe(0, $"{name} at {width}×{height} is {overflow}px wider than the window");
            var beyond = await page.EvaluateAsync<string[]>(
                "w => [...document.querySelectorAll('main button')].filter(b => b.getBoundingClientRect().right > w).map(b => b.textContent)", width);
            beyond.ShouldBeEmpty($"{name} at {width}×{height}: buttons beyond the right edge");
        }
    }
}
