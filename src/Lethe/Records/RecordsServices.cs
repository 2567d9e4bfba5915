using Microsoft.Extensions.DependencyInjection;

namespace Lethe.Records;

/// <summary>Registers the Art. 30 records.</summary>
public static class RecordsServices
{
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddScoped<RecordCommands>();
        return services;
    }
}
