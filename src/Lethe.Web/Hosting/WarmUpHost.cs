using Lethe.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Hosting;

/// <summary>
/// Loads, once the server is ready, what its start used to wait for and only its first requests need: the data
/// protection key ring (sign-in cookies, antiforgery, reset tokens), which ASP.NET Core's own hosted service loads
/// during the start (0.1 s; <see cref="Replace"/> takes that one out), and EF Core's relational model of Lethe's
/// database, which the compiled model does not hold and the first LINQ query would otherwise build (0.1 s).
/// </summary>
public sealed partial class WarmUpHost(
    IHostApplicationLifetime lifetime, IDataProtectionProvider protection, IDbContextFactory<LetheDbContext> contexts, ILogger<WarmUpHost> logger)
    : BackgroundService
{
    /// <summary>Takes ASP.NET Core's key ring loading out of the server's start and puts this host in its place.</summary>
    public static void Replace(IServiceCollection services)
    {
        var dataProtection = typeof(DataProtectionOptions).Assembly;
        var atStart = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Assembly == dataProtection).ToList();
        if (atStart.Count == 0)
        {
            // Found by its assembly rather than its internal name; if a new version moves it, say so loudly in the tests.
            throw new InvalidOperationException("ASP.NET Core's data protection no longer registers a hosted service; review WarmUpHost.");
        }

        foreach (var descriptor in atStart)
        {
            services.Remove(descriptor);
        }

        services.AddHostedService<WarmUpHost>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lifetime.WaitUntilStartedAsync(stoppingToken);
            // Protecting a few bytes loads the key ring, creating the first key on a new database, as the start did.
            protection.CreateProtector("Lethe.WarmUp").Protect([0]);
            await using var db = await contexts.CreateDbContextAsync(stoppingToken);
            _ = db.Model.GetRelationalModel();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Nothing is lost: whatever failed here is loaded again by the first request that needs it, and fails there
            // with that request's own error.
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up after the start failed; the first requests will load what it could not")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
