using Lethe.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Web.Tests.Support;

/// <summary>For test classes whose tests change what others would see: a fresh server, on SQLite, for each test.</summary>
public abstract class ServerPerTest : IAsyncLifetime
{
    protected LetheServer Server { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Server = await LetheServer.StartAsync();

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A fresh server and a headless Chromium for each browser test.</summary>
public abstract class BrowserTest : ServerPerTest
{
    protected Microsoft.Playwright.IBrowser Chromium { get; private set; } = null!;

    private Microsoft.Playwright.IPlaywright _playwright = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_playwright, Chromium) = await Browser.LaunchAsync();
    }

    public override async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        await base.DisposeAsync();
    }

    /// <param name="locale">The browser's language (<c>da-DK</c>, …), which the console speaks; Chromium's own when null.</param>
    protected Task<Microsoft.Playwright.IPage> NewPageAsync(string? locale = null) =>
        Chromium.NewPageAsync(new Microsoft.Playwright.BrowserNewPageOptions { BaseURL = Server.BaseAddress.ToString(), Locale = locale });

    /// <summary>A new page signed in through the sign-in form as a person seeded with <see cref="LetheServer.AddPersonAsync"/>.</summary>
    protected async Task<Microsoft.Playwright.IPage> SignedInPageAsync(string email, string? locale = null)
    {
        var page = await NewPageAsync(locale);
        await page.GotoAsync("/signin");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", LetheServer.PersonPassword);
        await page.ClickAsync("main button");
        return page;
    }

    /// <summary>A new page signed in as a person with <paramref name="role"/> in the demo tenant that the first run makes (flex4business).</summary>
    protected async Task<Microsoft.Playwright.IPage> SignedInToDemoTenantAsync(string email, Role role)
    {
        Tenant demo;
        await using (var scope = Server.Database.Scope())
        {
            demo = (await scope.ServiceProvider.GetRequiredService<TenantCommands>().FindAsync("flex4business", default))!;
        }

        await Server.AddPersonAsync(email, role, demo);
        return await SignedInPageAsync(email);
    }
}
