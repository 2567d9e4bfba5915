using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lethe.Storage;

/// <summary>Registers Lethe's database (pooled, bound per unit of work) and the data protection key ring kept in it.</summary>
public static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, StorageSettings storage)
    {
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantScope>();
        // Pooled: building a context's options and EF Core's internal services anew per request was most of what a
        // cheap API call allocated (the consent state read: 60 KB of 96 KB), and the garbage collections it caused set
        // the tail latency. Each unit of work still gets its own TenantScope and clock, bound when it rents the context.
        services.AddPooledDbContextFactory<LetheDbContext>((sp, options) =>
        {
            LetheDbContext.Configure(options, storage.Provider, storage.ConnectionString);
            // Work a save makes due starts at once (Work/WorkDueInterceptor).
            options.AddInterceptors(sp.GetRequiredService<Lethe.Work.WorkDueInterceptor>());
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LetheDbContext>>().CreateDbContext()
            .Rent(sp.GetRequiredService<TenantScope>(), sp.GetRequiredService<TimeProvider>()));

        services.AddDataProtection().SetApplicationName("Lethe");
        services.AddSingleton(sp => new KeyRingKey(
            sp.GetService<IConfiguration>()?[KeyRingKey.Setting] is { Length: > 0 } file
                ? Path.GetFullPath(file)
                : KeyRingKey.DefaultPath(storage.DataDirectory)));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var encryptor = new KeyRingEncryptor(sp.GetRequiredService<KeyRingKey>());
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>(), encryptor,
                (ILogger?)sp.GetService<ILogger<DatabaseXmlRepository>>() ?? NullLogger.Instance);
            o.XmlEncryptor = encryptor;
        }));
        return services;
    }
}
