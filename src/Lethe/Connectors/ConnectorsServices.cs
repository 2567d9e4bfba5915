using Lethe.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Connectors;

/// <summary>Registers the connections to a tenant's datastores and Lethe's own.</summary>
public static class ConnectorsServices
{
    public static IServiceCollection AddConnectors(this IServiceCollection services, StorageSettings storage)
    {
        services.AddSingleton(sp => new OwnStore(storage, sp.GetRequiredService<KeyRingKey>().Path));
        services.AddSingleton(sp => new DatastoreConnections(
            sp.GetService<IConfiguration>(), sp.GetRequiredService<OwnStore>(), sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddScoped<DatastoreSecrets>();
        return services;
    }
}
