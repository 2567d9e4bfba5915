using Lethe.Storage;
using Lethe.Tests.Support;
using Lethe.Web.Hosting;
using Lethe.Web.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lethe.Web.Tests.Hosting;

/// <summary>The key ring and EF Core's relational model load after the server's start, not during it (docs/benchmarks.md).</summary>
public sealed class WarmUpHostTests
{
    [Fact]
    public void ASP_NET_Cores_key_ring_loading_at_start_is_replaced_and_nothing_else_is_removed()
    {
        var services = new ServiceCollection();
        services.AddDataProtection();
        services.AddHostedService<IntervalProbe>();
        services.Where(d => d.ImplementationType?.FullName == WarmUpHost.KeyRingAtStart).ShouldHaveSingleItem(
            "ASP.NET Core no longer registers the hosted service WarmUpHost replaces: review WarmUpHost");

        WarmUpHost.Replace(services);

        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType).ToList();
        hosted.ShouldBe([typeof(IntervalProbe), typeof(WarmUpHost)], ignoreOrder: true);
    }

    [Fact]
    public async Task A_started_server_warms_up_without_a_warning()
    {
        var logged = new ServerErrors(LogLevel.Warning);
        await using var server = await LetheServer.StartAsync(configure: b => b.Logging.AddProvider(logged));

        var warmUp = server.App.Services.GetServices<IHostedService>().OfType<WarmUpHost>().Single();
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        // The host swallows its failures (the first request loads what it could not), so the log is where one shows.
        logged.Take().ShouldNotContain(e => e.Contains("Warming up", StringComparison.Ordinal));
    }

    [Theory]
    [ClassData(typeof(Databases))]
    public async Task A_new_database_has_its_first_key_before_the_server_is_ready(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);

        // Prepared, not started: no hosted service has run, WarmUpHost included.
        var (app, firstRun) = await LetheWebHost.BuildAndPrepareAsync(
            new WebSettings(database.Settings, "http://127.0.0.1:0", false, LetheServer.AdminPassword), CancellationToken.None);
        await using (app)
        {
            firstRun.ShouldNotBeNull();
            // A second server, started once this one is ready, finds this key instead of making its own beside it.
            app.Services.GetRequiredService<IKeyManager>().GetAllKeys().ShouldHaveSingleItem();
        }
    }

    private sealed class IntervalProbe : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }
}
