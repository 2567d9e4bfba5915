using Microsoft.Extensions.DependencyInjection;

namespace Lethe.DataMap;

/// <summary>Registers the data map and its cache.</summary>
public static class DataMapServices
{
    public static IServiceCollection AddDataMap(this IServiceCollection services)
    {
        services.AddScoped<DataMapCommands>();
        services.AddSingleton<DataMapCache>();
        return services;
    }
}
