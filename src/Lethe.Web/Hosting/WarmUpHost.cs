using Lethe.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Lethe.Web.Hosting;

/// <summary>
/// Loads, once the server is ready, what its start used to wait for and only its first requests need: the data
/// protection key ring (sign-in cookies, antiforgery, reset tokens), which ASP.NET Core's own hosted service loads
/// during the start (0.1 s; <see cref="Replace"/> takes that one out), and with it EF Core's relational model of
/// Lethe's database, which the compiled model does not hold (reading the key ring is the process's first LINQ query;
/// asked for here in its own right, should that change), and what the first approval's entities need
/// (<see cref="ModelWarmUp"/>). A new database gets its first key before the server is
/// ready all the same (LetheWebHost's preparation), so servers started one after the other share it.
/// </summary>
public sealed partial class WarmUpHost(
    IHostApplicationLifetime lifetime, IDataProtectionProvider protection, IDbContextFactory<LetheDbContext> contexts, ILogger<WarmUpHost> logger)
    : BackgroundService
{
    /// <summary>ASP.NET Core's hosted service that loads the key ring during the start (internal, so named).</summary>
    public const string KeyRingAtStart = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>
    /// Takes ASP.NET Core's key ring loading out of the server's start and puts this host in its place. Should a later
    /// ASP.NET Core no longer register it, nothing is removed and the start is only slower (WarmUpHostTests says so).
    /// </summary>
    public static void Replace(IServiceCollection services)
    {
        foreach (var atStart in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.FullName == KeyRingAtStart).ToList())
        {
            services.Remove(atStart);
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
            ModelWarmUp.Prepare(db, ModelWarmUp.RequestRunEntityTypes, stoppingToken);
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
